//! Datamodel → SQL schema, per provider, following Prisma's naming rules. No I/O.
