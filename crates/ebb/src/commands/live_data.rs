//! What applying steps to the live database would lose, worded as Prisma's `db push` words it:
//! the tables the steps touch are counted first, so that steps on empty tables say nothing and
//! drops name how many rows or values go. `db push` and `migrate down` ask this before they
//! change anything.

use db::Connection;
use diff::{DataLossWarning, LiveCounts, Pair, Step};
use sql_schema::{NamespaceName, SqlSchema, Table, TableName};

/// The data-loss messages of `steps` (computed from `schemas`, whose previous side the live
/// database holds): warnings first, then the steps that cannot run on the rows present, each
/// group in step order.
pub(super) fn data_loss_on_live(
    connection: &mut Connection,
    steps: &[Step],
    schemas: Pair<&SqlSchema>,
    rules: &dyn diff::DialectRules,
) -> Vec<DataLossWarning> {
    let counts = live_counts(connection, steps, schemas);
    let mut messages: Vec<DataLossWarning> =
        steps.iter().flat_map(|step| step.data_loss_warnings_counted(schemas, rules, &counts)).collect();
    // A stable sort keeps step order inside each kind.
    messages.sort_by_key(|message| message.kind);
    messages
}

/// Rows of the live tables the steps touch, and non-null values of their columns that the
/// next schema no longer has: what Prisma counts before a push. What cannot be counted stays
/// unknown (and gets the wording for unknown contents).
fn live_counts(connection: &mut Connection, steps: &[Step], schemas: Pair<&SqlSchema>) -> LiveCounts {
    let mut counts = LiveCounts::default();
    let mut tables: Vec<(Option<String>, String)> = steps.iter().flat_map(|step| tables_of(step, schemas)).collect();
    tables.sort();
    tables.dedup();
    for (namespace, name) in tables {
        let Some(previous) = find_table(schemas.previous, namespace.as_deref(), &name) else { continue };
        let Ok(rows) = connection.count_rows(namespace.as_deref(), &name) else { continue };
        counts.rows.insert(name.clone(), rows);
        if rows == 0 {
            continue;
        }
        let next = find_table(schemas.next, namespace.as_deref(), &name);
        for column_id in previous.column_ids() {
            let column = previous.column(column_id).name.as_str();
            if next.is_some_and(|table| table.find_column(column).is_some()) {
                continue;
            }
            if let Ok(values) = connection.count_non_null(namespace.as_deref(), &name, column) {
                counts.non_null.insert((name.clone(), column.to_owned()), values);
            }
        }
    }
    counts
}

/// The tables a step touches, with their namespaces.
fn tables_of(step: &Step, schemas: Pair<&SqlSchema>) -> Vec<(Option<String>, String)> {
    step.objects(schemas)
        .into_iter()
        .filter_map(|object| match object {
            diff::ObjectName::Table(namespace, name) => Some((namespace, name)),
            _ => None,
        })
        .collect()
}

fn find_table<'a>(schema: &'a SqlSchema, namespace: Option<&str>, name: &str) -> Option<&'a Table> {
    let namespace = namespace.map(|n| NamespaceName::new(n.to_owned()));
    let id = schema.find_table(namespace.as_ref(), &TableName::new(name.to_owned()))?;
    Some(schema.table(id))
}
