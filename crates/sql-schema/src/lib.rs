//! The dialect-neutral SQL schema model: namespaces, tables, columns, indexes, foreign keys,
//! enums and views. Every source (a schema file, a live database, a migration history) becomes
//! one of these, and the differ compares two of them. Knows nothing of Prisma.
