//! Relations: foreign keys for one-to-one and one-to-many relations, and join tables for
//! implicit many-to-many relations.
//!
//! Order matters, because it is the order of the statements: Prisma meets relations field by
//! field, model by model, and records each on the side that holds `fields:` (inline
//! relations) or on model A (many-to-many), so foreign keys follow the order of the relation
//! fields of their table, and join tables the order of their A fields.

use crate::names::JoinTableNames;
use crate::tables::Calc;
use crate::CalcError;
use psl::datamodel::naming;
use psl::datamodel::{self as dm, ModelId, ReferentialAction, RelationFieldRef, RelationKind};
use sql_schema::{
    Column, ColumnArity, ColumnId, ForeignKey, ForeignKeyAction, Index, IndexColumn, IndexKind, PrimaryKey, Table,
    TableId,
};

fn action(action: ReferentialAction) -> ForeignKeyAction {
    match action {
        ReferentialAction::Cascade => ForeignKeyAction::Cascade,
        ReferentialAction::Restrict => ForeignKeyAction::Restrict,
        ReferentialAction::NoAction => ForeignKeyAction::NoAction,
        ReferentialAction::SetNull => ForeignKeyAction::SetNull,
        ReferentialAction::SetDefault => ForeignKeyAction::SetDefault,
    }
}

/// The relation fields of a model in the order they are written.
fn relation_fields_in_source_order(model: &dm::Model) -> Vec<dm::RelationFieldId> {
    let mut ids: Vec<_> = model.relation_field_ids().collect();
    ids.sort_by_key(|id| model.relation_field(*id).span);
    ids
}

pub(crate) fn push_foreign_keys(calc: &mut Calc<'_>) {
    let dm = calc.dm;
    let limit = calc.flavour.max_identifier_length();
    for model_id in dm.model_ids() {
        let model = dm.model(model_id);
        let Some(table_id) = calc.model_tables[model_id.index()] else {
            continue;
        };
        for field_id in relation_fields_in_source_order(model) {
            let field = model.relation_field(field_id);
            if field.fields.is_empty() {
                continue;
            }
            let Some(referenced_table_id) = calc.model_tables[field.related_model.index()] else {
                continue;
            };
            let referenced_model = dm.model(field.related_model);
            let table = calc.schema.table(table_id);
            let referenced_table = calc.schema.table(referenced_table_id);
            let columns: Option<Vec<ColumnId>> =
                field.fields.iter().map(|f| table.find_column(model.scalar_field(*f).db_name.as_str())).collect();
            let referenced_columns: Option<Vec<ColumnId>> = field
                .references
                .iter()
                .map(|f| referenced_table.find_column(referenced_model.scalar_field(*f).db_name.as_str()))
                .collect();
            let (Some(columns), Some(referenced_columns)) = (columns, referenced_columns) else {
                continue;
            };
            let name = match &field.map {
                Some(map) => map.0.clone(),
                None => {
                    let column_names: Vec<&str> = columns.iter().map(|c| table.column(*c).name.as_str()).collect();
                    naming::foreign_key(table.name.as_str(), &column_names, limit).0
                }
            };
            let foreign_key = ForeignKey {
                name: Some(name.into()),
                columns,
                referenced_table: referenced_table_id,
                referenced_columns,
                on_delete: action(dm.effective_on_delete(model_id, field_id)),
                on_update: action(dm.effective_on_update(model_id, field_id)),
            };
            calc.schema.tables[table_id.0 as usize].foreign_keys.push(foreign_key);
        }
    }
}

/// The implicit many-to-many relations between tables, in Prisma's order.
fn many_to_many<'a>(calc: &Calc<'a>) -> Vec<(RelationFieldRef, RelationFieldRef, &'a str)> {
    let mut relations: Vec<_> = calc
        .dm
        .relations
        .iter()
        .filter_map(|relation| match relation.kind {
            RelationKind::ImplicitManyToMany { field_a, field_b } => Some((field_a, field_b, relation.name.as_str())),
            _ => None,
        })
        .filter(|(a, b, _)| {
            calc.model_tables[a.model.index()].is_some() && calc.model_tables[b.model.index()].is_some()
        })
        .collect();
    relations.sort_by_key(|(a, _, _)| (a.model, calc.dm.model(a.model).relation_field(a.field).span));
    relations
}

pub(crate) fn push_join_tables(calc: &mut Calc<'_>) -> Result<(), CalcError> {
    let limit = calc.flavour.max_identifier_length();
    let uses_primary_key = calc.flavour.join_table_primary_key();
    let foreign_keys =
        calc.dm.datasource.as_ref().map(|d| d.relation_mode).unwrap_or_default() == dm::RelationMode::ForeignKeys;
    for (field_a, field_b, relation_name) in many_to_many(calc) {
        let names = JoinTableNames::new(&format!("_{relation_name}"), limit, uses_primary_key);
        let (table_a, id_a) = id_column(calc, field_a.model)?;
        let (table_b, id_b) = id_column(calc, field_b.model)?;
        let mut table = Table::new(names.table.as_str().into(), calc.schema.table(table_a).namespace);
        for (name, table_id, id) in [("A", table_a, id_a), ("B", table_b, id_b)] {
            let tpe = calc.schema.table(table_id).column(id).tpe.clone();
            table.push_column(Column {
                name: name.into(),
                tpe,
                arity: ColumnArity::Required,
                default: None,
                autoincrement: false,
            });
        }
        let (column_a, column_b) = (ColumnId(0), ColumnId(1));
        let both = vec![IndexColumn::plain(column_a), IndexColumn::plain(column_b)];
        if uses_primary_key {
            table.primary_key =
                Some(PrimaryKey { name: Some(names.unique_or_primary_key.as_str().into()), columns: both });
        } else {
            table.indexes.push(Index {
                name: names.unique_or_primary_key.as_str().into(),
                kind: IndexKind::Unique,
                columns: both,
                algorithm: None,
                predicate: None,
            });
        }
        table.indexes.push(Index {
            name: names.b_index.as_str().into(),
            kind: IndexKind::Normal,
            columns: vec![IndexColumn::plain(column_b)],
            algorithm: None,
            predicate: None,
        });
        if foreign_keys {
            for (name, column, referenced_table, referenced_column) in
                [(&names.a_foreign_key, column_a, table_a, id_a), (&names.b_foreign_key, column_b, table_b, id_b)]
            {
                table.foreign_keys.push(ForeignKey {
                    name: Some(name.as_str().into()),
                    columns: vec![column],
                    referenced_table,
                    referenced_columns: vec![referenced_column],
                    on_delete: ForeignKeyAction::Cascade,
                    on_update: ForeignKeyAction::Cascade,
                });
            }
        }
        calc.schema.push_table(table);
    }
    Ok(())
}

/// The table of a model and the column of its (first) id field.
fn id_column(calc: &Calc<'_>, model: ModelId) -> Result<(TableId, ColumnId), CalcError> {
    let missing = || CalcError::MissingId { model: calc.dm.model(model).name.0.clone() };
    let table_id = calc.model_tables[model.index()].ok_or_else(missing)?;
    let table = calc.schema.table(table_id);
    let pk = table.primary_key.as_ref().and_then(|pk| pk.columns.first()).ok_or_else(missing)?;
    Ok((table_id, pk.column))
}
