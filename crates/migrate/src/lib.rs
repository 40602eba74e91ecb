//! The migrations folder, checksums, the `_prisma_migrations` history table, shadow databases
//! and the migrate commands.
