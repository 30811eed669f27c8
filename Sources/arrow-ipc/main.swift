print("arrow-ipc")
