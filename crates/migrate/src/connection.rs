//! [`Target`] for a real [`db::Connection`].

use crate::target::Target;
use db::{Connection, DbError, Dialect};

impl Target for Connection {
    fn dialect(&self) -> Dialect {
        Connection::dialect(self)
    }

    fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        self.execute_raw(sql)
    }

    fn execute_script(&mut self, script: &str) -> Result<(), DbError> {
        Connection::execute_script(self, script)
    }

    fn query_text(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, DbError> {
        Connection::query_text(self, sql)
    }

    fn postgres_schema(&self) -> Option<String> {
        self.url().postgres_schema().map(str::to_owned)
    }

    fn through_pgbouncer(&self) -> bool {
        self.url().pgbouncer()
    }
}
