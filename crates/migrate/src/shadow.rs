//! Shadow databases: the migrations folder replayed on a scratch database, then described,
//! gives the schema the history produces (the `migrations folder` source of the data flow).
//!
//! Where the scratch database comes from:
//! - SQLite: a private in-memory database, gone when the connection closes.
//! - PostgreSQL / MySQL with a configured shadow URL: that database, emptied first (it must
//!   not be the main database: refused).
//! - Otherwise a temporary database `prisma_migrate_shadow_db_<uuid>` on the main database's
//!   server, as Prisma names it. It never outlives the command: a [`TemporaryDatabase`] drops it
//!   when dropped (success or error), and [`install_interrupt_cleanup`] drops every live one on
//!   Ctrl-C before exiting with status 130.

use crate::error::MigrateError;
use crate::folder::MigrationsFolder;
use crate::reset::reset_database;
use db::{Connection, DbUrl, Dialect};
use sql_schema::{NamespaceName, SqlSchema};
use std::sync::{Mutex, Once};

/// Where to replay a history.
#[derive(Debug, Clone)]
pub enum ShadowDatabase {
    /// `shadowDatabaseUrl` (or `--shadow-database-url`): used as it is, emptied first.
    Configured(DbUrl),
    /// `--shadow-database-url` for a command that has no main database (`migrate diff`
    /// without a datasource URL): used as it is, emptied first. The URL then also stands for
    /// the main database's server, and there is no main database it could be.
    WithoutMain(DbUrl),
    /// A temporary database on the main database's server (PostgreSQL, MySQL), or an
    /// in-memory one (SQLite).
    Temporary,
}

/// How to describe the replayed history.
#[derive(Debug, Clone, Default)]
pub struct ReplayOptions {
    /// The PostgreSQL schemas to describe (see [`db::Connection::describe`]); empty means the
    /// URL's schema, with tables unqualified.
    pub namespaces: Vec<NamespaceName>,
    /// The PostgreSQL schemas the history creates objects in, emptied on a configured shadow
    /// database before the replay; empty means the URL's schema.
    pub schemas: Vec<String>,
}

/// Replays every migration of `folder`, in order, on a shadow database for `main` and
/// describes the result.
pub fn schema_of_history(
    folder: &MigrationsFolder,
    main: &DbUrl,
    shadow: &ShadowDatabase,
    options: &ReplayOptions,
) -> Result<SqlSchema, MigrateError> {
    on_shadow(main, shadow, options, |connection| replay(folder, connection, options))
}

/// Runs `work` on an empty shadow database for `main` (see the module's documentation), and
/// lets the database go afterwards whatever the outcome.
pub fn on_shadow<T>(
    main: &DbUrl,
    shadow: &ShadowDatabase,
    options: &ReplayOptions,
    work: impl FnOnce(&mut Connection) -> Result<T, MigrateError>,
) -> Result<T, MigrateError> {
    if main.dialect() == Dialect::Sqlite {
        let memory = DbUrl::parse("file::memory:", std::path::Path::new("/"))?;
        let mut connection = Connection::connect(&memory)?;
        let result = work(&mut connection);
        connection.close();
        return result;
    }
    match shadow {
        ShadowDatabase::Configured(url) | ShadowDatabase::WithoutMain(url) => {
            if matches!(shadow, ShadowDatabase::Configured(_)) && same_database(url, main) {
                return Err(MigrateError::ShadowIsMain);
            }
            let mut connection = Connection::connect(url)?;
            let result = reset_database(&mut connection, &options.schemas).and_then(|()| work(&mut connection));
            connection.close();
            result
        }
        ShadowDatabase::Temporary => {
            let temporary = TemporaryDatabase::create(main)?;
            let mut connection = Connection::connect(temporary.url())?;
            let result = work(&mut connection);
            connection.close();
            drop(temporary);
            result
        }
    }
}

/// Applies every migration of `folder` on `connection`, then describes it; a failing script is
/// P3006.
pub fn replay(
    folder: &MigrationsFolder,
    connection: &mut Connection,
    options: &ReplayOptions,
) -> Result<SqlSchema, MigrateError> {
    for migration in &folder.migrations {
        let script = migration.script()?;
        connection.execute_script(script).map_err(|error| MigrateError::ShadowReplayFailed {
            name: migration.name.clone(),
            error: Box::new(error),
        })?;
    }
    Ok(connection.describe(&options.namespaces)?)
}

fn same_database(a: &DbUrl, b: &DbUrl) -> bool {
    a.dialect() == b.dialect()
        && a.server_location() == b.server_location()
        && a.database() == b.database()
        && a.postgres_schema() == b.postgres_schema()
}

/// A database ebb created for one command and drops when this value is dropped.
pub struct TemporaryDatabase {
    admin: Option<Connection>,
    name: String,
    url: DbUrl,
    server: DbUrl,
}

impl TemporaryDatabase {
    /// Creates `prisma_migrate_shadow_db_<uuid>` on the server of `server` (PostgreSQL or
    /// MySQL), connecting as `server`'s user to `server`'s database; P3014 when the user may
    /// not create databases.
    pub fn create(server: &DbUrl) -> Result<TemporaryDatabase, MigrateError> {
        install_interrupt_cleanup();
        let name = format!("prisma_migrate_shadow_db_{}", uuid::Uuid::new_v4());
        let mut admin = Connection::connect(server)?;
        // Registered before it exists, so that a Ctrl-C during the creation drops it too.
        register(server, &name);
        if let Err(error) = admin.execute_raw(&format!("CREATE DATABASE {}", quote(server.dialect(), &name))) {
            unregister(&name);
            admin.close();
            return Err(MigrateError::ShadowCreateFailed { error: Box::new(error) });
        }
        let url = server.with_database(&name);
        Ok(TemporaryDatabase { admin: Some(admin), name, url, server: server.clone() })
    }

    pub fn url(&self) -> &DbUrl {
        &self.url
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TemporaryDatabase {
    fn drop(&mut self) {
        if let Some(mut admin) = self.admin.take() {
            let statement = drop_statement(self.server.dialect(), &self.name);
            if admin.execute_raw(&statement).is_err() {
                // The admin session may have died (server restart, timeout): one fresh try.
                if let Ok(mut fresh) = Connection::connect(&self.server) {
                    let _ = fresh.execute_raw(&statement);
                    fresh.close();
                }
            }
            admin.close();
        }
        unregister(&self.name);
    }
}

fn quote(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
        Dialect::Postgres | Dialect::Sqlite => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

fn drop_statement(dialect: Dialect, name: &str) -> String {
    match dialect {
        // FORCE ends the sessions still connected to it (PostgreSQL 13 and later).
        Dialect::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote(dialect, name)),
        Dialect::Mysql | Dialect::Sqlite => format!("DROP DATABASE IF EXISTS {}", quote(dialect, name)),
    }
}

/// The temporary databases alive now: where to connect to drop each, and its name.
static LIVE: Mutex<Vec<(DbUrl, String)>> = Mutex::new(Vec::new());

fn register(server: &DbUrl, name: &str) {
    if let Ok(mut live) = LIVE.lock() {
        live.push((server.clone(), name.to_owned()));
    }
}

fn unregister(name: &str) {
    if let Ok(mut live) = LIVE.lock() {
        live.retain(|(_, live_name)| live_name != name);
    }
}

/// Installs (once per process) a Ctrl-C handler that drops every live temporary database and
/// exits with status 130, as an interrupted command does. Without it, SIGINT would end the
/// process before any destructor runs and leave the databases behind.
pub fn install_interrupt_cleanup() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // A handler that cannot be installed (another one exists) leaves the default
        // behaviour; the databases are still dropped on every other way out.
        let _ = ctrlc::set_handler(|| {
            // The lock is held until the process exits: the interrupted thread, whose queries
            // fail once its database is gone, then blocks in `unregister` instead of exiting
            // with its own error first.
            let live = LIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            for (server, name) in live.iter() {
                if let Ok(mut admin) = Connection::connect(server) {
                    let _ = admin.execute_raw(&drop_statement(server.dialect(), name));
                    admin.close();
                }
            }
            std::process::exit(130);
        });
    });
}
