public enum ArrowIPCPlaceholder {}
