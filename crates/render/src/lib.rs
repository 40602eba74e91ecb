//! Migration steps → SQL text, one module per dialect. No I/O; knows nothing of Prisma.
