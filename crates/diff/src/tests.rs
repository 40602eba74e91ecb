use crate::*;
use sql_schema::*;

fn text() -> ColumnType {
    ColumnType { family: ColumnTypeFamily::String, native: "TEXT".into() }
}

fn column(name: &str, arity: ColumnArity) -> Column {
    Column { name: name.into(), tpe: text(), arity, default: None, autoincrement: false }
}

fn schema_with(columns: &[Column]) -> SqlSchema {
    let mut schema = SqlSchema::default();
    let mut table = Table::new("T".into(), None);
    for c in columns {
        table.push_column(c.clone());
    }
    schema.push_table(table);
    schema
}

#[test]
fn identical_schemas_have_no_steps() {
    let schema = schema_with(&[column("a", ColumnArity::Required)]);
    assert_eq!(diff(&schema, &schema, &Postgres), Vec::new());
}

#[test]
fn dropping_a_column_loses_data_and_adding_does_not() {
    let from = schema_with(&[column("a", ColumnArity::Required)]);
    let to = schema_with(&[column("b", ColumnArity::Nullable)]);
    let steps = diff(&from, &to, &Postgres);
    let expected_changes = vec![TableChange::DropColumn(ColumnId(0)), TableChange::AddColumn(ColumnId(0))];
    assert_eq!(
        steps,
        vec![Step::AlterTable(AlterTable { tables: Pair::new(TableId(0), TableId(0)), changes: expected_changes })]
    );
    assert!(steps[0].loses_data(Pair::new(&from, &to)));
    let back = diff(&SqlSchema::default(), &to, &Postgres);
    assert!(back.iter().all(|step| !step.loses_data(Pair::new(&SqlSchema::default(), &to))));
}

#[test]
fn sqlite_redefines_on_nullability_change() {
    let from = schema_with(&[column("a", ColumnArity::Nullable)]);
    let to = schema_with(&[column("a", ColumnArity::Required)]);
    let steps = diff(&from, &to, &Sqlite);
    assert!(matches!(steps.as_slice(), [Step::RedefineTables(tables)] if tables.len() == 1));
}

#[test]
fn drops_come_before_creates() {
    let from = schema_with(&[]);
    let mut to = SqlSchema::default();
    to.push_table(Table::new("U".into(), None));
    let steps = diff(&from, &to, &Postgres);
    assert_eq!(steps, vec![Step::DropTable(TableId(0)), Step::CreateTable(TableId(0))]);
}

#[test]
fn only_a_down_drops_the_namespaces_its_migration_created() {
    let mut before = SqlSchema::default();
    before.push_namespace(NamespaceName::new("public".to_owned()));
    let mut after = before.clone();
    let audit = after.push_namespace(NamespaceName::new("audit".to_owned()));
    after.push_table(Table::new("Log".into(), Some(audit)));
    // Prisma's diff never drops a namespace; a down drops it after its tables.
    assert!(!diff(&after, &before, &Postgres).iter().any(|step| matches!(step, Step::DropSchema(_))));
    let down = diff_down(&after, &before, &Postgres);
    assert_eq!(down.last(), Some(&Step::DropSchema(audit)));
    assert!(down.iter().any(|step| matches!(step, Step::DropTable(_))));
    // Without namespaces (SQLite, MySQL) there is nothing to drop.
    assert!(!diff_down(&after, &before, &Sqlite).iter().any(|step| matches!(step, Step::DropSchema(_))));
}

#[test]
fn a_down_drops_the_extensions_its_migration_created_after_what_uses_them() {
    let citext = Extension { name: "citext".into(), schema: String::new(), version: String::new(), relocatable: true };
    let before = SqlSchema { extensions: Extensions::Installed(Vec::new()), ..SqlSchema::default() };
    let mut after = schema_with(&[Column {
        tpe: ColumnType { family: ColumnTypeFamily::Unsupported("citext".into()), native: "CITEXT".into() },
        ..column("email", ColumnArity::Required)
    }]);
    after.extensions = Extensions::Declared(vec![citext]);
    // Prisma's diff never drops an extension; a down drops the one its migration created, after
    // the table whose column needs it.
    assert!(!diff(&after, &before, &Postgres).iter().any(|step| matches!(step, Step::DropExtension(_))));
    let down = diff_down(&after, &before, &Postgres);
    assert_eq!(down, [Step::DropTable(TableId(0)), Step::DropExtension(ExtensionId(0))]);
}

/// `db push` words what it counted: a column's values, a table's rows; empty tables say nothing.
#[test]
fn counted_warnings_name_the_counts_and_skip_empty_tables() {
    let from = schema_with(&[column("a", ColumnArity::Nullable)]);
    let to = schema_with(&[column("b", ColumnArity::Required)]);
    let steps = diff(&from, &to, &Postgres);
    let messages = |counts: &LiveCounts| -> Vec<String> {
        steps
            .iter()
            .flat_map(|step| step.data_loss_warnings_counted(Pair::new(&from, &to), &Postgres, counts))
            .map(|warning| warning.message)
            .collect()
    };
    let with_rows =
        LiveCounts { rows: [("T".to_owned(), 2)].into(), non_null: [(("T".to_owned(), "a".to_owned()), 1)].into() };
    assert_eq!(
        messages(&with_rows),
        vec![
            "You are about to drop the column `a` on the `T` table, which still contains 1 non-null values.".to_owned(),
            "Added the required column `b` to the `T` table without a default value. There are 2 rows in this table, it is not possible to execute this step.".to_owned(),
        ]
    );
    let empty = LiveCounts { rows: [("T".to_owned(), 0)].into(), non_null: Default::default() };
    assert_eq!(messages(&empty), Vec::<String>::new());
    let dropped = diff(&from, &SqlSchema::default(), &Postgres);
    let table_drop: Vec<String> = dropped
        .iter()
        .flat_map(|step| {
            step.data_loss_warnings_counted(Pair::new(&from, &SqlSchema::default()), &Postgres, &with_rows)
        })
        .map(|warning| warning.message)
        .collect();
    assert_eq!(table_drop, vec!["You are about to drop the `T` table, which is not empty (2 rows).".to_owned()]);
}

fn with_default(mut column: Column, default: DefaultValue) -> Column {
    column.default = Some(default);
    column
}

/// `dbgenerated()` without an expression leaves the default to the database, whatever it is;
/// the other way round (the database's side is the next one) its default is wanted.
#[test]
fn a_generated_default_without_expression_is_the_database_s() {
    let owned = with_default(column("a", ColumnArity::Nullable), DefaultValue::DbGenerated(String::new()));
    let uuid = with_default(column("a", ColumnArity::Nullable), DefaultValue::DbGenerated("gen_random_uuid()".into()));
    let none = column("a", ColumnArity::Nullable);
    let owned = schema_with(std::slice::from_ref(&owned));
    for live in [schema_with(&[uuid]), schema_with(&[none])] {
        assert_eq!(diff(&live, &owned, &Postgres), Vec::new());
        assert_ne!(diff(&owned, &live, &Postgres), Vec::new());
    }
}

/// JSON defaults are values: spacing and key order are the database's spelling.
#[test]
fn json_defaults_compare_as_values() {
    let json = |text: &str| {
        let mut c = with_default(column("j", ColumnArity::Nullable), DefaultValue::Value(Literal::Json(text.into())));
        c.tpe = ColumnType { family: ColumnTypeFamily::Json, native: "JSONB".into() };
        schema_with(&[c])
    };
    assert_eq!(diff(&json(r#"{"b":{"c":1},"a":[]}"#), &json(r#"{"a": [], "b": {"c": 1}}"#), &Postgres), Vec::new());
    assert_ne!(diff(&json(r#"{"x":1}"#), &json(r#"{"x": 2}"#), &Postgres), Vec::new());
    assert_ne!(diff(&json("[1,2]"), &json("[2, 1]"), &Postgres), Vec::new());
}

fn indexed(index: Option<Index>, partial_indexes: bool) -> SqlSchema {
    let mut schema = schema_with(&[column("a", ColumnArity::Required)]);
    schema.partial_indexes = partial_indexes;
    schema.tables[0].indexes.extend(index);
    schema
}

fn unique(name: &str, predicate: Option<&str>) -> Index {
    Index {
        name: name.into(),
        kind: IndexKind::Unique,
        columns: vec![IndexColumn::plain(ColumnId(0))],
        algorithm: None,
        predicate: predicate.map(Into::into),
    }
}

/// A partial index is left alone by a diff with a side that cannot express one (a schema
/// file): never dropped or created, its condition not compared. Between two sides that both
/// can (two databases), it is an index like any other.
#[test]
fn partial_indexes_are_left_alone_by_sides_that_cannot_express_them() {
    let partial = indexed(Some(unique("T_a_partial", Some("(a <> '')"))), true);
    let schema_without = indexed(None, false);
    assert_eq!(diff(&partial, &schema_without, &Postgres), Vec::new());
    assert_eq!(diff(&schema_without, &partial, &Postgres), Vec::new());
    assert_eq!(diff(&partial, &schema_without, &Sqlite), Vec::new());
    // Paired with a schema's index of the same columns, the condition is not compared, and a
    // new name renames it.
    assert_eq!(diff(&partial, &indexed(Some(unique("T_a_partial", None)), false), &Postgres), Vec::new());
    let renamed = diff(&partial, &indexed(Some(unique("T_a_key", None)), false), &Postgres);
    assert!(matches!(renamed.as_slice(), [Step::RenameIndex(_)]), "{renamed:?}");
    // Two databases: the partial index is dropped, created, or recreated for a new condition.
    let database_without = indexed(None, true);
    assert!(matches!(diff(&partial, &database_without, &Postgres).as_slice(), [Step::DropIndex(_)]));
    assert!(matches!(diff(&database_without, &partial, &Postgres).as_slice(), [Step::CreateIndex { .. }]));
    let other_condition = indexed(Some(unique("T_a_partial", Some("(a <> 'x')"))), true);
    assert_eq!(diff(&partial, &other_condition, &Postgres).len(), 2);
}

/// B-tree classes: a schema index that names none says nothing about the class of an index made
/// by hand; one that names a class is compared with the database's, default or not.
#[test]
fn b_tree_classes_are_compared_when_both_sides_say_them() {
    let with_class = |class: Option<&str>, is_default: bool| {
        let mut column = IndexColumn::plain(ColumnId(0));
        column.operator_class = class.map(Into::into);
        column.operator_class_is_default = is_default;
        let index = Index { columns: vec![column], kind: IndexKind::Normal, ..unique("T_a_idx", None) };
        indexed(Some(index), false)
    };
    let pattern = with_class(Some("text_pattern_ops"), false);
    let described_default = with_class(None, true);
    let unsaid = with_class(None, false);
    assert_eq!(diff(&pattern, &pattern, &Postgres), Vec::new());
    assert_eq!(diff(&pattern, &unsaid, &Postgres), Vec::new());
    assert_eq!(diff(&described_default, &unsaid, &Postgres), Vec::new());
    assert_eq!(diff(&described_default, &pattern, &Postgres).len(), 2, "a class to add");
    assert_eq!(diff(&pattern, &described_default, &Postgres).len(), 2, "a class to take away");
}

/// Two indexes alike keep their names: each is paired with its namesake, not renamed into the
/// other.
#[test]
fn indexes_alike_pair_with_their_namesakes() {
    let both = |first: &str, second: &str| {
        let mut schema = indexed(Some(unique(first, None)), false);
        schema.tables[0].indexes.push(unique(second, None));
        schema
    };
    assert_eq!(diff(&both("T_a_key", "T_a_other"), &both("T_a_other", "T_a_key"), &Postgres), Vec::new());
}

/// Rebuilding a SQLite table drops its indexes: a partial one the diff leaves alone is made
/// again, unless a column it covers goes away.
#[test]
fn a_rebuilt_table_keeps_its_partial_indexes() {
    let previous = indexed(Some(unique("T_a_partial", Some("a <> ''"))), true);
    let mut next = indexed(None, false);
    next.tables[0].columns[0].arity = ColumnArity::Nullable;
    let steps = diff(&previous, &next, &Sqlite);
    assert!(matches!(steps.as_slice(), [Step::RedefineTables(r)] if r[0].kept_indexes == [0]), "{steps:?}");
}
