//! SQL schema × SQL schema → ordered migration steps, each knowing whether it can lose data.
//! No I/O; knows nothing of Prisma.
