//! An `autoincrement()` id that changes between `Int` and `BigInt` on PostgreSQL, with rows:
//! the column changes type in place and its sequence keeps counting, as a sequence of the new
//! type (Prisma writes `SET DATA TYPE BIGSERIAL`, which PostgreSQL rejects). Up from the
//! calculated schema, down from the described one (which knows the sequence's real name); no
//! drift after either, the rows kept, the ids going on where they were.

use db::{Connection, Dialect};
use roundtrip::{calculate_text, check_database, describe_like, migrate, Server};

/// A table name long enough that PostgreSQL shortens the name of its id's sequence.
const LONG: &str = "an_audit_trail_table_whose_name_is_nearly_as_long_as_allowed_";

fn schema(id_type: &str) -> String {
    format!(
        r#"datasource db {{
  provider = "postgresql"
}}

model Author {{
  id    {id_type} @id @default(autoincrement())
  name  String
  posts Post[]
}}

model Post {{
  id       {id_type} @id @default(autoincrement())
  authorId {id_type}
  author   Author @relation(fields: [authorId], references: [id])
}}

model Audit {{
  id {id_type} @id @default(autoincrement())

  @@map("{LONG}")
}}
"#
    )
}

fn scalar(conn: &mut Connection, sql: &str) -> String {
    let rows = conn.query_text(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.first().and_then(|row| row.first().cloned().flatten()).unwrap_or_default()
}

fn run(conn: &mut Connection, sql: &str) {
    conn.execute_raw(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[test]
fn postgres_autoincrement_ids_change_between_int_and_bigint() {
    let Some(mut server) = Server::new(Dialect::Postgres) else { return };
    let db = server.fresh_database();
    let mut conn = db.connect();
    let int = calculate_text(&schema("Int"), Dialect::Postgres).expect("Int schema");
    let bigint = calculate_text(&schema("BigInt"), Dialect::Postgres).expect("BigInt schema");
    let sequence_type = |conn: &mut Connection, table: &str| {
        let sql = format!("SELECT format_type(seqtypid, NULL) FROM pg_sequence WHERE seqrelid = pg_get_serial_sequence('\"{table}\"', 'id')::regclass");
        scalar(conn, &sql)
    };

    migrate(&mut conn, &Default::default(), &int).expect("from empty");
    run(
        &mut conn,
        r#"INSERT INTO "Author" ("name") VALUES ('a'), ('b'); INSERT INTO "Post" ("authorId") VALUES (1), (2)"#,
    );
    run(&mut conn, &format!(r#"INSERT INTO "{LONG}" DEFAULT VALUES"#));

    migrate(&mut conn, &int, &bigint).expect("up");
    check_database(&mut conn, &bigint).expect("no drift after up");
    for table in ["Author", "Post", LONG] {
        assert_eq!(sequence_type(&mut conn, table), "bigint", "the sequence of `{table}` after up");
    }
    run(&mut conn, r#"INSERT INTO "Author" ("name") VALUES ('c')"#);
    assert_eq!(scalar(&mut conn, r#"SELECT max(id)::text FROM "Author""#), "3", "the sequence goes on");
    // Beyond INTEGER: the whole point of the change.
    run(
        &mut conn,
        r#"SELECT setval(pg_get_serial_sequence('"Post"', 'id'), 5000000000); INSERT INTO "Post" ("authorId") VALUES (3)"#,
    );
    assert_eq!(scalar(&mut conn, r#"SELECT max(id)::text FROM "Post""#), "5000000001");
    run(
        &mut conn,
        r#"DELETE FROM "Post" WHERE id > 2147483647; SELECT setval(pg_get_serial_sequence('"Post"', 'id'), 2)"#,
    );

    let described = describe_like(&mut conn, &bigint).expect("describe");
    migrate(&mut conn, &described, &int).expect("down");
    check_database(&mut conn, &int).expect("no drift after down");
    for table in ["Author", "Post", LONG] {
        assert_eq!(sequence_type(&mut conn, table), "integer", "the sequence of `{table}` after down");
    }
    run(&mut conn, r#"INSERT INTO "Post" ("authorId") VALUES (1)"#);
    assert_eq!(scalar(&mut conn, r#"SELECT count(*)::text FROM "Author""#), "3");
    assert_eq!(scalar(&mut conn, r#"SELECT string_agg(id::text, ',' ORDER BY id) FROM "Post""#), "1,2,3");
    conn.close();
}
