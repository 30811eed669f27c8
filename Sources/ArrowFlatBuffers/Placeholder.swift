public enum FBPlaceholder {}
