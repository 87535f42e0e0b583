(operation) @fold
