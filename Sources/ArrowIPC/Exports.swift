// One `import ArrowIPC` is enough for reading and writing: the buffer type that
// readers take and arrays hand out comes with it.
@_exported import ArrowMemory
