//! Connections to SQLite, PostgreSQL and MySQL/MariaDB: describing a live database, executing
//! scripts, advisory locks.
