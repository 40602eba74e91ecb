//! Helpers shared by the tests on real databases: comparing schemas as the database can store
//! them. Fresh databases and server URLs come from `testkit`.

#![allow(dead_code)]

use db::Dialect;
use sql_schema::*;
use std::collections::BTreeMap;

/// The schema in a form that does not depend on the order objects were produced in: tables,
/// enums, views, indexes and foreign keys sorted by name (ids remapped); columns keep their
/// order, which the database keeps too. The default index algorithm is written `None`, and so
/// is a default operator class.
pub fn canonical(schema: &SqlSchema) -> SqlSchema {
    let ns_name = |id: Option<NamespaceId>| schema.namespace_name(id).map(|n| n.as_str().to_owned());
    let mut enum_order: Vec<EnumId> = schema.enum_ids().collect();
    enum_order.sort_by_key(|id| (ns_name(schema.enum_(*id).namespace), schema.enum_(*id).name.clone()));
    let enum_map: BTreeMap<EnumId, EnumId> =
        enum_order.iter().enumerate().map(|(new, old)| (*old, EnumId(new as u32))).collect();
    let mut table_order: Vec<TableId> = schema.table_ids().collect();
    table_order.sort_by_key(|id| (ns_name(schema.table(*id).namespace), schema.table(*id).name.clone()));
    let table_map: BTreeMap<TableId, TableId> =
        table_order.iter().enumerate().map(|(new, old)| (*old, TableId(new as u32))).collect();

    let mut out = SqlSchema { namespaces: schema.namespaces.clone(), ..SqlSchema::default() };
    out.enums = enum_order.iter().map(|id| schema.enum_(*id).clone()).collect();
    for id in &table_order {
        let mut table = schema.table(*id).clone();
        for column in &mut table.columns {
            if let ColumnTypeFamily::Enum(e) = column.tpe.family {
                column.tpe.family = ColumnTypeFamily::Enum(enum_map[&e]);
            }
        }
        for index in &mut table.indexes {
            if index.algorithm == Some(IndexAlgorithm::BTree) {
                index.algorithm = None;
            }
        }
        // A default operator class is the class of a column that names none.
        let columns = table
            .indexes
            .iter_mut()
            .flat_map(|i| &mut i.columns)
            .chain(table.primary_key.iter_mut().flat_map(|pk| &mut pk.columns));
        for column in columns {
            if std::mem::take(&mut column.operator_class_is_default) {
                column.operator_class = None;
            }
        }
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        for fk in &mut table.foreign_keys {
            fk.referenced_table = table_map[&fk.referenced_table];
        }
        table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        out.tables.push(table);
    }
    out.views = schema.views.clone();
    out.views.sort_by(|a, b| a.name.cmp(&b.name));
    out.sequences = schema.sequences.clone();
    out
}

/// `schema` as `dialect` stores it: what the database cannot keep is taken out, and what it
/// adds on its own is added. Each rule is a fact about the dialect, not about our code:
/// - PostgreSQL: a `SERIAL` column's default is its sequence `{table}_{column}_seq`; the
///   default namespace `public` is always there.
/// - SQLite: primary keys have no names (the renderer writes none); enums are not types (the
///   columns are `TEXT` already); every single-column `INTEGER` primary key is written
///   `AUTOINCREMENT` by the renderer, as Prisma does. The catalog keeps no foreign key
///   names, lists a table's foreign keys last declared first, and gives every index column
///   its direction (ascending unless written `DESC`).
/// - MySQL: the primary key is always `PRIMARY`; enums are column types, named
///   `{table}_{column}` when read back; a foreign key without an index starting with its
///   columns gets one named after the constraint.
pub fn as_stored(schema: &SqlSchema, dialect: Dialect) -> SqlSchema {
    let mut schema = schema.clone();
    match dialect {
        Dialect::Postgres => {
            if schema.namespaces.is_empty() {
                schema.push_namespace("public".into());
            }
            for table in &mut schema.tables {
                for column in table.indexes.iter_mut().flat_map(|index| &mut index.columns) {
                    column.sort_order.get_or_insert(sql_schema::SortOrder::Asc);
                }
                let table_name = table.name.as_str().to_owned();
                for column in &mut table.columns {
                    if column.autoincrement && column.default.is_none() {
                        let sequence = format!("{table_name}_{}_seq", column.name.as_str());
                        column.default = Some(DefaultValue::Sequence(sequence.into()));
                    }
                }
            }
        }
        Dialect::Sqlite => {
            schema.enums.clear();
            for table in &mut schema.tables {
                for fk in &mut table.foreign_keys {
                    fk.name = None;
                }
                table.foreign_keys.reverse();
                for column in table.indexes.iter_mut().flat_map(|index| &mut index.columns) {
                    column.sort_order.get_or_insert(sql_schema::SortOrder::Asc);
                }
                if let Some(pk) = &mut table.primary_key {
                    pk.name = None;
                    if let [only] = pk.columns.as_slice() {
                        let column = &mut table.columns[only.column.0 as usize];
                        column.autoincrement = column.tpe.native == "INTEGER";
                    }
                }
            }
        }
        Dialect::Mysql => {
            let mut enums = Vec::new();
            for table in &mut schema.tables {
                if let Some(pk) = &mut table.primary_key {
                    pk.name = None;
                }
                for column in &mut table.columns {
                    if let ColumnTypeFamily::Enum(id) = column.tpe.family {
                        let values = schema.enums[id.0 as usize].values.clone();
                        let name = format!("{}_{}", table.name.as_str(), column.name.as_str());
                        enums.push(Enum { name: name.into(), namespace: None, values });
                        column.tpe.family = ColumnTypeFamily::Enum(EnumId(enums.len() as u32 - 1));
                    }
                }
                for fk in table.foreign_keys.clone() {
                    let covered = table
                        .indexes
                        .iter()
                        .map(|i| i.columns.iter().map(|c| c.column).collect::<Vec<_>>())
                        .chain(table.primary_key.iter().map(|pk| pk.columns.iter().map(|c| c.column).collect()))
                        .any(|columns| columns.starts_with(&fk.columns));
                    if !covered {
                        let name = fk.name.clone().map(|n| n.as_str().to_owned()).unwrap_or_default();
                        table.indexes.push(Index {
                            name: name.into(),
                            kind: IndexKind::Normal,
                            columns: fk.columns.iter().map(|c| IndexColumn::plain(*c)).collect(),
                            algorithm: None,
                            predicate: None,
                        });
                    }
                }
            }
            schema.enums = enums;
        }
    }
    schema
}

/// `schema` with each table's columns sorted by name (ids remapped). For databases built by a
/// migration: `ADD COLUMN` appends, so column order there follows history, not the schema.
pub fn columns_by_name(schema: &SqlSchema) -> SqlSchema {
    let mut schema = schema.clone();
    let mut orders: Vec<BTreeMap<ColumnId, ColumnId>> = Vec::new();
    for table in &mut schema.tables {
        let mut order: Vec<ColumnId> = table.column_ids().collect();
        order.sort_by(|a, b| table.column(*a).name.cmp(&table.column(*b).name));
        let map: BTreeMap<ColumnId, ColumnId> =
            order.iter().enumerate().map(|(new, old)| (*old, ColumnId(new as u32))).collect();
        table.columns = order.iter().map(|id| table.column(*id).clone()).collect();
        if let Some(pk) = &mut table.primary_key {
            pk.columns.iter_mut().for_each(|c| c.column = map[&c.column]);
        }
        for index in &mut table.indexes {
            index.columns.iter_mut().for_each(|c| c.column = map[&c.column]);
        }
        for fk in &mut table.foreign_keys {
            fk.columns.iter_mut().for_each(|c| *c = map[c]);
        }
        orders.push(map);
    }
    for table in &mut schema.tables {
        for fk in &mut table.foreign_keys {
            let map = &orders[fk.referenced_table.0 as usize];
            fk.referenced_columns.iter_mut().for_each(|c| *c = map[c]);
        }
    }
    schema
}
