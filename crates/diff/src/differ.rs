//! The diff algorithm, written once for every dialect.

use crate::rules::{DialectRules, TableChangeFacts};
use crate::step::*;
use crate::Pair;
use sql_schema::{
    Column, ColumnId, ColumnTypeFamily, DefaultValue, EnumId, ExtensionId, ForeignKey, ForeignKeyId, Index,
    IndexAlgorithm, IndexColumn, IndexId, Literal, SqlSchema, Table, TableColumnId, TableId,
};
use std::collections::BTreeMap;

/// The steps that turn `from` into `to`, in execution order.
pub fn diff(from: &SqlSchema, to: &SqlSchema, rules: &dyn DialectRules) -> Vec<Step> {
    let differ = Differ { schemas: Pair::new(from, to), rules };
    let mut steps = Vec::new();
    differ.push_namespace_steps(&mut steps);
    differ.push_extension_steps(&mut steps);
    differ.push_enum_steps(&mut steps);
    differ.push_view_steps(&mut steps);
    differ.push_table_steps(&mut steps);
    steps.sort();
    // A foreign key recreated around an index may also be recreated for its own changes.
    steps.dedup();
    steps
}

/// The steps of a down migration from `from` (the schema a migration produced) back to `to`
/// (the schema it started from): [`diff`], then dropping the extensions and namespaces the
/// migration created.
/// Prisma's diff never drops a namespace, as it cannot know whether something else lives there;
/// a down migration knows the namespace did not exist before, and drops it once its tables are
/// gone (without `CASCADE`: anything else left in it makes the drop fail rather than vanish).
pub fn diff_down(from: &SqlSchema, to: &SqlSchema, rules: &dyn DialectRules) -> Vec<Step> {
    let mut steps = diff(from, to, rules);
    // Like a namespace, an extension the migration created did not exist before it; it goes
    // last, once nothing (a column of its type) depends on it any more.
    if from.extensions.comparable(&to.extensions) {
        for (id, extension) in from.extensions.list().iter().enumerate() {
            if !to.extensions.list().iter().any(|e| e.name == extension.name) {
                steps.push(Step::DropExtension(ExtensionId(id as u32)));
            }
        }
    }
    if rules.creates_namespaces() {
        for id in from.namespace_ids() {
            let name = &from.namespace(id).name;
            if !to.namespaces.iter().any(|namespace| &namespace.name == name) {
                steps.push(Step::DropSchema(id));
            }
        }
    }
    steps
}

struct Differ<'a> {
    schemas: Pair<&'a SqlSchema>,
    rules: &'a dyn DialectRules,
}

impl<'a> Differ<'a> {
    fn push_namespace_steps(&self, steps: &mut Vec<Step>) {
        if !self.rules.creates_namespaces() {
            return;
        }
        let Pair { previous, next } = self.schemas;
        for id in next.namespace_ids() {
            let name = &next.namespace(id).name;
            if !previous.namespaces.iter().any(|ns| &ns.name == name) {
                steps.push(Step::CreateSchema(id));
            }
        }
    }

    fn push_view_steps(&self, steps: &mut Vec<Step>) {
        let Pair { previous, next } = self.schemas;
        for id in previous.view_ids() {
            let view = previous.view(id);
            let namespace = previous.namespace_name(view.namespace);
            let kept = next.views.iter().any(|v| v.name == view.name && next.namespace_name(v.namespace) == namespace);
            if !kept {
                steps.push(Step::DropView(id));
            }
        }
    }

    /// Extensions, compared when one of the schemas declares them, by name, as Prisma does: one the
    /// next schema lists and the previous lacks is created; one only the previous lists stays
    /// (the database may need it for more than the schema knows); one on both sides whose
    /// version or schema changed (where both name one) moves in place when the database says it
    /// can, and is dropped and created again otherwise.
    fn push_extension_steps(&self, steps: &mut Vec<Step>) {
        let Pair { previous, next } = self.schemas.map(|schema| &schema.extensions);
        if !previous.comparable(next) {
            return;
        }
        let (previous, next) = (previous.list(), next.list());
        for (next_id, extension) in next.iter().enumerate() {
            let next_id = ExtensionId(next_id as u32);
            let Some(previous_id) = previous.iter().position(|e| e.name == extension.name) else {
                steps.push(Step::CreateExtension(next_id));
                continue;
            };
            let before = &previous[previous_id];
            let changed = |a: &str, b: &str| !a.is_empty() && !b.is_empty() && a != b;
            let (version, schema) =
                (changed(&before.version, &extension.version), changed(&before.schema, &extension.schema));
            if !version && !schema {
                continue;
            }
            let previous_id = ExtensionId(previous_id as u32);
            if before.relocatable || extension.relocatable {
                steps.push(Step::AlterExtension(AlterExtension {
                    extensions: Pair::new(previous_id, next_id),
                    version,
                    schema,
                }));
            } else {
                steps.push(Step::DropExtension(previous_id));
                steps.push(Step::CreateExtension(next_id));
            }
        }
    }

    fn enum_in_next(&self, previous: EnumId) -> Option<EnumId> {
        let Pair { previous: from, next } = self.schemas;
        let enm = from.enum_(previous);
        next.find_enum(from.namespace_name(enm.namespace), &enm.name)
    }

    fn push_enum_steps(&self, steps: &mut Vec<Step>) {
        if !self.rules.has_enum_types() {
            return;
        }
        let Pair { previous, next } = self.schemas;
        for id in next.enum_ids() {
            let enm = next.enum_(id);
            if previous.find_enum(next.namespace_name(enm.namespace), &enm.name).is_none() {
                steps.push(Step::CreateEnum(id));
            }
        }
        for previous_id in previous.enum_ids() {
            let Some(next_id) = self.enum_in_next(previous_id) else {
                steps.push(Step::DropEnum(previous_id));
                continue;
            };
            let enums = Pair::new(previous.enum_(previous_id), next.enum_(next_id));
            let added_values: Vec<String> =
                enums.next.values.iter().filter(|v| !enums.previous.values.contains(v)).cloned().collect();
            let dropped_values: Vec<String> =
                enums.previous.values.iter().filter(|v| !enums.next.values.contains(v)).cloned().collect();
            if added_values.is_empty() && dropped_values.is_empty() {
                continue;
            }
            steps.push(Step::AlterEnum(AlterEnum {
                enums: Pair::new(previous_id, next_id),
                added_values,
                dropped_values,
                previous_usages_as_default: self.enum_usages_as_default(Pair::new(previous_id, next_id)),
            }));
        }
    }

    /// Columns whose default is a value of the enum: those defaults must be dropped while the
    /// enum type is swapped, and reinstalled afterwards when the next schema still has them.
    /// In Prisma's order: the columns of dropped tables, then table by table the dropped
    /// columns and then the kept ones.
    fn enum_usages_as_default(&self, enums: Pair<EnumId>) -> Vec<(TableColumnId, Option<TableColumnId>)> {
        let Pair { previous, next } = self.schemas;
        let uses_enum_as_default =
            |column: &Column| column.tpe.family == ColumnTypeFamily::Enum(enums.previous) && column.default.is_some();
        let mut tables: Vec<TableId> = previous.table_ids().collect();
        tables.sort_by_key(|id| self.table_in_next(*id).is_some());
        let mut usages = Vec::new();
        for table_id in tables {
            let table = previous.table(table_id);
            let next_table = self.table_in_next(table_id);
            let next_column = |column: &Column| {
                let next_table_id = next_table?;
                let next_table = next.table(next_table_id);
                let next_column_id = next_table.find_column(column.name.as_str())?;
                Some((next_table_id, next_column_id))
            };
            let (dropped, kept): (Vec<ColumnId>, Vec<ColumnId>) = table
                .column_ids()
                .filter(|id| uses_enum_as_default(table.column(*id)))
                .partition(|id| next_column(table.column(*id)).is_none());
            for column_id in dropped.into_iter().chain(kept) {
                let next_usage = next_column(table.column(column_id)).and_then(|(next_table_id, next_column_id)| {
                    let next_column = next.table(next_table_id).column(next_column_id);
                    let same_enum = next_column.tpe.family == ColumnTypeFamily::Enum(enums.next);
                    (same_enum && next_column.default.is_some())
                        .then_some(TableColumnId { table: next_table_id, column: next_column_id })
                });
                usages.push((TableColumnId { table: table_id, column: column_id }, next_usage));
            }
        }
        usages
    }

    fn table_in_next(&self, previous: TableId) -> Option<TableId> {
        let Pair { previous: from, next } = self.schemas;
        let table = from.table(previous);
        next.find_table(from.namespace_name(table.namespace), &table.name)
    }

    fn table_in_previous(&self, next: TableId) -> Option<TableId> {
        let Pair { previous, next: to } = self.schemas;
        let table = to.table(next);
        previous.find_table(to.namespace_name(table.namespace), &table.name)
    }

    fn push_table_steps(&self, steps: &mut Vec<Step>) {
        let Pair { previous, next } = self.schemas;
        let mut redefines = Vec::new();

        for table_id in next.table_ids() {
            match self.table_in_previous(table_id) {
                None => self.push_created_table(table_id, steps),
                Some(previous_id) => self.push_table_pair(Pair::new(previous_id, table_id), steps, &mut redefines),
            }
        }

        for table_id in previous.table_ids() {
            if self.table_in_next(table_id).is_some() {
                continue;
            }
            steps.push(Step::DropTable(table_id));
            if self.rules.drops_foreign_keys_of_dropped_tables() {
                for fk in 0..previous.table(table_id).foreign_keys.len() as u32 {
                    steps.push(Step::DropForeignKey(ForeignKeyId { table: table_id, foreign_key: fk }));
                }
            }
        }

        if !redefines.is_empty() {
            if self.rules.drops_indexes_of_dropped_tables_with_redefines() {
                for table_id in previous.table_ids().filter(|id| self.table_in_next(*id).is_none()) {
                    for index in 0..previous.table(table_id).indexes.len() as u32 {
                        steps.push(Step::DropIndex(IndexId { table: table_id, index }));
                    }
                }
            }
            redefines.sort();
            steps.push(Step::RedefineTables(redefines));
        }
    }

    fn push_created_table(&self, table_id: TableId, steps: &mut Vec<Step>) {
        let table = self.schemas.next.table(table_id);
        steps.push(Step::CreateTable(table_id));
        if !self.rules.foreign_keys_inline() {
            for fk in 0..table.foreign_keys.len() as u32 {
                steps.push(Step::AddForeignKey(ForeignKeyId { table: table_id, foreign_key: fk }));
            }
        }
        if !self.rules.indexes_inline() {
            for index in 0..table.indexes.len() as u32 {
                steps.push(Step::CreateIndex { previous_table: None, index: IndexId { table: table_id, index } });
            }
        }
    }

    fn push_table_pair(&self, ids: Pair<TableId>, steps: &mut Vec<Step>, redefines: &mut Vec<RedefineTable>) {
        let tables = self.schemas.map(|s| s).zip(ids).map(|(schema, id)| schema.table(id));

        // Columns are matched by name and visited in name order, as Prisma does.
        let mut by_name: BTreeMap<&str, (Option<ColumnId>, Option<ColumnId>)> = BTreeMap::new();
        for id in tables.previous.column_ids() {
            by_name.entry(tables.previous.column(id).name.as_str()).or_default().0 = Some(id);
        }
        for id in tables.next.column_ids() {
            by_name.entry(tables.next.column(id).name.as_str()).or_default().1 = Some(id);
        }
        let mut dropped_columns = Vec::new();
        let mut added_columns = Vec::new();
        let mut column_pairs = Vec::new();
        for (previous, next) in by_name.values() {
            match (previous, next) {
                (Some(p), Some(n)) => {
                    let columns = Pair::new(*p, *n);
                    column_pairs.push((columns, self.column_changes(ids, columns)));
                }
                (Some(p), None) => dropped_columns.push(*p),
                (None, Some(n)) => added_columns.push(*n),
                (None, None) => {}
            }
        }

        // A primary key is recreated when its columns change, or when one of them changes type.
        let pk_column_type_changed = |pk: &sql_schema::PrimaryKey| {
            column_pairs.iter().any(|(columns, changes): &(Pair<ColumnId>, ColumnChanges)| {
                changes.type_change.is_some() && pk.columns.iter().any(|c| c.column == columns.previous)
            })
        };
        let pk_columns_changed = match (&tables.previous.primary_key, &tables.next.primary_key) {
            (Some(p), Some(n)) => {
                !self.index_columns_match(tables, IndexAlgorithm::BTree, &p.columns, &n.columns)
                    || pk_column_type_changed(p)
            }
            (None, None) => false,
            _ => true,
        };
        let pk_renamed = self.rules.creates_namespaces()
            && matches!((&tables.previous.primary_key, &tables.next.primary_key),
                (Some(p), Some(n)) if p.name != n.name);

        // Columns dropped and added again take their indexes and foreign keys with them, which
        // then have to be created again.
        let recreated: Vec<ColumnId> = column_pairs
            .iter()
            .filter(|(_, changes)| changes.type_change == Some(TypeChange::NotCastable))
            .map(|(columns, _)| columns.previous)
            .collect();
        // A foreign key whose columns change type is dropped and added again, as Prisma does
        // (it may no longer match the referenced column's type); so is one whose column
        // becomes required where the database cannot alter such a column in place.
        let fk_blocking: Vec<ColumnId> = column_pairs
            .iter()
            .filter(|(columns, changes)| {
                let arity = Pair::new(tables.previous.column(columns.previous), tables.next.column(columns.next))
                    .map(|c| c.arity);
                let made_stricter =
                    arity.previous != arity.next && !(arity.previous.is_required() && arity.next.is_nullable());
                changes.type_change.is_some()
                    || (made_stricter && !self.rules.keeps_foreign_keys_of_columns_made_required())
            })
            .map(|(columns, _)| columns.previous)
            .collect();
        let fk_matches = self.foreign_key_matches(tables, &fk_blocking);
        let fks_changed = fk_matches.iter().filter(|m| m.is_some()).count() != tables.next.foreign_keys.len()
            || tables.previous.foreign_keys.len() != tables.next.foreign_keys.len();

        let facts = TableChangeFacts {
            primary_key_changed: pk_columns_changed,
            dropped_columns: !dropped_columns.is_empty(),
            added_required_columns: added_columns.iter().any(|id| tables.next.column(*id).arity.is_required()),
            changed_columns: column_pairs.iter().map(|(_, changes)| *changes).collect(),
            foreign_keys_changed: fks_changed,
        };

        if self.rules.needs_redefine(&facts) {
            let kept_indexes = if self.knows_partial_indexes() {
                Vec::new()
            } else {
                let next_names: Vec<_> = tables.next.indexes.iter().map(|i| &i.name).collect();
                (0..tables.previous.indexes.len() as u32)
                    .filter(|pos| {
                        let index = &tables.previous.indexes[*pos as usize];
                        index.predicate.is_some()
                            && !next_names.contains(&&index.name)
                            && !index.columns.iter().any(|c| dropped_columns.contains(&c.column))
                    })
                    .collect()
            };
            redefines.push(RedefineTable { tables: ids, column_pairs, dropped_columns, kept_indexes });
            return;
        }

        self.push_index_steps(ids, tables, &fk_matches, &recreated, steps);
        self.push_foreign_key_steps(ids, tables, &fk_matches, &recreated, steps);

        let mut changes = Vec::new();
        if pk_columns_changed && tables.previous.primary_key.is_some() {
            changes.push(TableChange::DropPrimaryKey);
        }
        if pk_renamed && !pk_columns_changed {
            changes.push(TableChange::RenamePrimaryKey);
        }
        changes.extend(dropped_columns.into_iter().map(TableChange::DropColumn));
        changes.extend(added_columns.into_iter().map(TableChange::AddColumn));
        let mut altered: Vec<TableChange> = column_pairs
            .into_iter()
            .filter(|(_, changes)| changes.any())
            .map(|(columns, changes)| match changes.type_change {
                Some(TypeChange::NotCastable) => TableChange::DropAndRecreateColumn { columns, changes },
                _ => TableChange::AlterColumn(AlterColumn { columns, changes }),
            })
            .collect();
        // Alterations run in column order, not name order.
        altered.sort_by_key(|change| match change {
            TableChange::AlterColumn(alter) => alter.columns,
            TableChange::DropAndRecreateColumn { columns, .. } => *columns,
            _ => Pair::new(ColumnId(0), ColumnId(0)),
        });
        changes.extend(altered);
        if pk_columns_changed && tables.next.primary_key.is_some() {
            changes.push(TableChange::AddPrimaryKey);
        }
        if !changes.is_empty() {
            steps.push(Step::AlterTable(AlterTable { tables: ids, changes }));
        }
    }

    fn push_index_steps(
        &self,
        ids: Pair<TableId>,
        tables: Pair<&Table>,
        fk_matches: &[Option<u32>],
        recreated: &[ColumnId],
        steps: &mut Vec<Step>,
    ) {
        let mut matched_previous = vec![false; tables.previous.indexes.len()];
        // A side that cannot express partial indexes does not say whether the other side's
        // should exist: those are neither created nor dropped.
        let partial_left_alone = !self.knows_partial_indexes();
        for (next_pos, next_index) in tables.next.indexes.iter().enumerate() {
            if self.made_for_foreign_key(tables.next, next_index) {
                // Adding the foreign key makes it; creating it again would fail.
                if let Some(pos) = tables.previous.indexes.iter().position(|i| i.name == next_index.name) {
                    matched_previous[pos] = true;
                }
                continue;
            }
            let candidate = |(pos, previous_index): &(usize, &Index)| {
                !matched_previous[*pos]
                    && !previous_index.columns.iter().any(|c| recreated.contains(&c.column))
                    && self.indexes_match(tables, previous_index, next_index)
            };
            // The index of the same name first: two indexes alike are not renamed into each other.
            let mut candidates = tables.previous.indexes.iter().enumerate().filter(candidate);
            let found = candidates
                .clone()
                .find(|(_, previous_index)| previous_index.name == next_index.name)
                .or_else(|| candidates.next())
                .map(|(pos, _)| pos);
            let next_id = IndexId { table: ids.next, index: next_pos as u32 };
            match found {
                Some(pos) => {
                    matched_previous[pos] = true;
                    if tables.previous.indexes[pos].name != next_index.name {
                        let pair = Pair::new(IndexId { table: ids.previous, index: pos as u32 }, next_id);
                        steps.push(if self.rules.can_rename_index() {
                            Step::RenameIndex(pair)
                        } else {
                            Step::RedefineIndex(pair)
                        });
                    }
                }
                None if partial_left_alone && next_index.predicate.is_some() => {}
                None => steps.push(Step::CreateIndex { previous_table: Some(ids.previous), index: next_id }),
            }
        }
        for (pos, matched) in matched_previous.iter().enumerate() {
            if *matched {
                continue;
            }
            let index = &tables.previous.indexes[pos];
            if partial_left_alone && index.predicate.is_some() {
                continue;
            }
            if self.made_for_foreign_key(tables.previous, index) && self.keeps_foreign_key_named(tables, &index.name) {
                continue;
            }
            // An index kept on a column that is dropped and added again goes with the column and
            // is created anew, as Prisma writes it; one the next schema no longer has is dropped.
            let on_recreated = index.columns.iter().any(|c| recreated.contains(&c.column));
            if on_recreated && tables.next.indexes.iter().any(|next| self.indexes_match(tables, index, next)) {
                continue;
            }
            // MySQL refuses to drop the index a foreign key relies on: the key is dropped first
            // and added again once the index is gone (it then uses another index, or gets one).
            for (next_fk, previous_fk) in self.foreign_keys_relying_on(tables, pos, &matched_previous, fk_matches) {
                steps.push(Step::DropForeignKey(ForeignKeyId { table: ids.previous, foreign_key: previous_fk }));
                steps.push(Step::AddForeignKey(ForeignKeyId { table: ids.next, foreign_key: next_fk }));
            }
            steps.push(Step::DropIndex(IndexId { table: ids.previous, index: pos as u32 }));
        }
    }

    /// Whether the next table keeps a foreign key of the previous table named `name`.
    fn keeps_foreign_key_named(&self, tables: Pair<&Table>, name: &sql_schema::IndexName) -> bool {
        let named = |fk: &ForeignKey| fk.name.as_ref().is_some_and(|n| n.as_str() == name.as_str());
        tables.previous.foreign_keys.iter().any(named) && tables.next.foreign_keys.iter().any(named)
    }

    /// The kept foreign keys (next position, previous position) that only the previous index at
    /// `pos` serves, on dialects whose foreign keys need an index: no other index that stays,
    /// nor the primary key, starts with their columns.
    fn foreign_keys_relying_on(
        &self,
        tables: Pair<&Table>,
        pos: usize,
        matched_previous: &[bool],
        fk_matches: &[Option<u32>],
    ) -> Vec<(u32, u32)> {
        if !self.rules.foreign_keys_need_indexes() {
            return Vec::new();
        }
        let table = tables.previous;
        let starts_with = |columns: &[ColumnId], fk: &ForeignKey| columns.starts_with(&fk.columns);
        let index_columns = |index: &Index| index.columns.iter().map(|c| c.column).collect::<Vec<_>>();
        fk_matches
            .iter()
            .enumerate()
            .filter_map(|(next, previous)| Some((next as u32, (*previous)?)))
            .filter(|(_, previous)| {
                let fk = &table.foreign_keys[*previous as usize];
                let served_by_others = table
                    .indexes
                    .iter()
                    .enumerate()
                    .filter(|(other, _)| *other != pos && matched_previous[*other])
                    .any(|(_, index)| starts_with(&index_columns(index), fk))
                    || table
                        .primary_key
                        .as_ref()
                        .is_some_and(|pk| starts_with(&pk.columns.iter().map(|c| c.column).collect::<Vec<_>>(), fk));
                starts_with(&index_columns(&table.indexes[pos]), fk) && !served_by_others
            })
            .collect()
    }

    /// Whether `index` is the one the database creates for a foreign key of `table` (MySQL):
    /// named after the constraint, on exactly its columns. The database makes and drops it
    /// with the key, so it is no difference of its own.
    fn made_for_foreign_key(&self, table: &Table, index: &Index) -> bool {
        self.rules.foreign_keys_need_indexes()
            && index.kind == sql_schema::IndexKind::Normal
            && table.foreign_keys.iter().any(|fk| {
                fk.name.as_ref().is_some_and(|name| name.as_str() == index.name.as_str())
                    && index.columns.iter().map(|c| c.column).eq(fk.columns.iter().copied())
            })
    }

    /// For each next foreign key, the previous one it matches; none on the `blocking` columns
    /// of the previous table.
    fn foreign_key_matches(&self, tables: Pair<&Table>, blocking: &[ColumnId]) -> Vec<Option<u32>> {
        let mut taken = vec![false; tables.previous.foreign_keys.len()];
        tables
            .next
            .foreign_keys
            .iter()
            .map(|next_fk| {
                let pos = tables.previous.foreign_keys.iter().enumerate().position(|(pos, previous_fk)| {
                    !taken[pos]
                        && !previous_fk.columns.iter().any(|c| blocking.contains(c))
                        && self.foreign_keys_match(tables, Pair::new(previous_fk, next_fk))
                })?;
                taken[pos] = true;
                Some(pos as u32)
            })
            .collect()
    }

    fn push_foreign_key_steps(
        &self,
        ids: Pair<TableId>,
        tables: Pair<&Table>,
        matches: &[Option<u32>],
        recreated: &[ColumnId],
        steps: &mut Vec<Step>,
    ) {
        for (next_pos, matched) in matches.iter().enumerate() {
            let next_id = ForeignKeyId { table: ids.next, foreign_key: next_pos as u32 };
            match matched {
                Some(previous_pos) => {
                    let previous_id = ForeignKeyId { table: ids.previous, foreign_key: *previous_pos };
                    // A foreign key described without a name (SQLite keeps none) has no name
                    // to change.
                    let renamed = match (
                        &tables.previous.foreign_keys[*previous_pos as usize].name,
                        &tables.next.foreign_keys[next_pos].name,
                    ) {
                        (Some(previous_name), Some(next_name)) => previous_name != next_name,
                        _ => false,
                    };
                    if renamed && self.rules.can_rename_foreign_key() {
                        steps.push(Step::RenameForeignKey(Pair::new(previous_id, next_id)));
                    } else if renamed {
                        steps.push(Step::DropForeignKey(previous_id));
                        steps.push(Step::AddForeignKey(next_id));
                    }
                }
                None => steps.push(Step::AddForeignKey(next_id)),
            }
        }
        for pos in 0..tables.previous.foreign_keys.len() as u32 {
            // Dropping a column drops the foreign keys on it.
            let on_recreated = tables.previous.foreign_keys[pos as usize].columns.iter().any(|c| recreated.contains(c));
            if !matches.contains(&Some(pos)) && !on_recreated {
                steps.push(Step::DropForeignKey(ForeignKeyId { table: ids.previous, foreign_key: pos }));
            }
        }
    }

    fn foreign_keys_match(&self, tables: Pair<&Table>, fks: Pair<&ForeignKey>) -> bool {
        let Pair { previous, next } = self.schemas;
        let referenced =
            Pair::new(previous.table(fks.previous.referenced_table), next.table(fks.next.referenced_table));
        let names = |table: &Table, columns: &[ColumnId]| -> Vec<String> {
            columns.iter().map(|c| table.column(*c).name.as_str().to_owned()).collect()
        };
        referenced.previous.name == referenced.next.name
            && previous.namespace_name(referenced.previous.namespace) == next.namespace_name(referenced.next.namespace)
            && names(tables.previous, &fks.previous.columns) == names(tables.next, &fks.next.columns)
            && names(referenced.previous, &fks.previous.referenced_columns)
                == names(referenced.next, &fks.next.referenced_columns)
            && fks.previous.on_delete == fks.next.on_delete
            && fks.previous.on_update == fks.next.on_update
    }

    /// Whether both sides can express partial indexes, so that their conditions are compared.
    fn knows_partial_indexes(&self) -> bool {
        self.schemas.previous.partial_indexes && self.schemas.next.partial_indexes
    }

    fn indexes_match(&self, tables: Pair<&Table>, previous: &Index, next: &Index) -> bool {
        previous.kind == next.kind
            && (!self.knows_partial_indexes() || previous.predicate == next.predicate)
            && previous.algorithm.unwrap_or(IndexAlgorithm::BTree) == next.algorithm.unwrap_or(IndexAlgorithm::BTree)
            && self.index_columns_match(
                tables,
                previous.algorithm.unwrap_or(IndexAlgorithm::BTree),
                &previous.columns,
                &next.columns,
            )
    }

    fn index_columns_match(
        &self,
        tables: Pair<&Table>,
        algorithm: IndexAlgorithm,
        previous: &[IndexColumn],
        next: &[IndexColumn],
    ) -> bool {
        previous.len() == next.len()
            && previous.iter().zip(next).all(|(p, n)| {
                let columns = Pair::new(tables.previous.column(p.column), tables.next.column(n.column));
                // A class written out that is the default is the class of an index without one.
                let class = |c: &IndexColumn, column: &Column| {
                    c.operator_class.clone().filter(|class| {
                        !c.operator_class_is_default
                            && self.rules.default_operator_class(column, algorithm) != Some(class.as_str())
                    })
                };
                // A B-tree or hash column that names no class and is not known to use the
                // default one says nothing about its class (a schema that did not write one
                // for an index made by hand, as Prisma reads it).
                let unsaid = |c: &IndexColumn| c.operator_class.is_none() && !c.operator_class_is_default;
                let classes_compared =
                    !matches!(algorithm, IndexAlgorithm::BTree | IndexAlgorithm::Hash) || !(unsaid(p) || unsaid(n));
                columns.previous.name == columns.next.name
                    && p.sort_order.unwrap_or(sql_schema::SortOrder::Asc)
                        == n.sort_order.unwrap_or(sql_schema::SortOrder::Asc)
                    && p.length == n.length
                    && (!classes_compared || class(p, columns.previous) == class(n, columns.next))
            })
    }

    fn column_changes(&self, tables: Pair<TableId>, columns: Pair<ColumnId>) -> ColumnChanges {
        let columns: Pair<&Column> =
            self.schemas.zip(tables).zip(columns).map(|((schema, table), column)| schema.table(table).column(column));
        // A scalar that becomes a list (or back) changes the column's type even when the element
        // type stays: `JSONB` and `JSONB[]` are different types to the database.
        let same_shape = columns.previous.arity.is_list() == columns.next.arity.is_list();
        let type_change = if same_shape && self.types_equal(columns) {
            None
        } else {
            self.rules.type_change(columns.previous, columns.next)
        };
        ColumnChanges {
            type_change,
            arity: columns.previous.arity != columns.next.arity,
            default: !self.defaults_equal(columns),
            autoincrement: self.rules.autoincrement_changed(columns.previous, columns.next),
        }
    }

    fn types_equal(&self, columns: Pair<&Column>) -> bool {
        let Pair { previous, next } = self.schemas;
        match (&columns.previous.tpe.family, &columns.next.tpe.family) {
            (ColumnTypeFamily::Enum(p), ColumnTypeFamily::Enum(n)) => {
                let enums = Pair::new(previous.enum_(*p), next.enum_(*n));
                let same_name = enums.previous.name == enums.next.name
                    && previous.namespace_name(enums.previous.namespace) == next.namespace_name(enums.next.namespace);
                // Without enum types, the values are part of the column type.
                same_name && (self.rules.has_enum_types() || enums.previous.values == enums.next.values)
            }
            // An unsupported type is named by its native spelling alone.
            (ColumnTypeFamily::Unsupported(_), ColumnTypeFamily::Unsupported(_)) => {
                self.rules.same_native_type(&columns.previous.tpe.native, &columns.next.tpe.native)
            }
            (p, n) => p == n && self.rules.same_native_type(&columns.previous.tpe.native, &columns.next.tpe.native),
        }
    }

    fn defaults_equal(&self, columns: Pair<&Column>) -> bool {
        let stored = columns.map(|c| c.default.as_ref().filter(|_| self.rules.stores_default(c)));
        match (stored.previous, stored.next) {
            (None, None) => true,
            // A generated default without an expression leaves the default to the database:
            // whatever it has, or has not, is what is wanted.
            (_, Some(DefaultValue::DbGenerated(n))) if n.is_empty() => true,
            // A sequence default is the autoincrement flag seen from the database side.
            (Some(DefaultValue::Sequence(_)), None) | (None, Some(DefaultValue::Sequence(_))) => true,
            (Some(DefaultValue::Sequence(_)), Some(DefaultValue::Sequence(_))) => true,
            (Some(DefaultValue::Value(p)), Some(DefaultValue::Value(n))) => literals_equal(p, n),
            (Some(DefaultValue::DbGenerated(p)), Some(DefaultValue::DbGenerated(n))) => {
                expression_spelling(p) == expression_spelling(n)
            }
            (Some(p), Some(n)) => p == n,
            _ => false,
        }
    }
}

fn literals_equal(previous: &Literal, next: &Literal) -> bool {
    match (previous, next) {
        (Literal::String(p) | Literal::Enum(p), Literal::String(n) | Literal::Enum(n)) => p == n,
        // JSON is compared as values: `jsonb` keeps its own spelling (`{"a": []}` for `{"a":[]}`).
        (Literal::Json(p), Literal::Json(n)) => match (json_value(p), json_value(n)) {
            (Some(p), Some(n)) => p == n,
            _ => p == n,
        },
        (Literal::List(p), Literal::List(n)) => {
            p.len() == n.len() && p.iter().zip(n).all(|(p, n)| literals_equal(p, n))
        }
        (p, n) => p == n,
    }
}

fn json_value(text: &str) -> Option<serde_json::Value> {
    serde_json::from_str(text).ok()
}

/// An expression as the database keeps it, as far as spelling goes: keywords and function
/// names in lowercase (the databases fold unquoted names), spaces collapsed; quoted text and
/// identifiers as written. `CLOCK_TIMESTAMP()` and `clock_timestamp()` are the same default.
fn expression_spelling(expression: &str) -> String {
    let mut out = String::with_capacity(expression.len());
    let mut quote: Option<char> = None;
    let mut pending_space = false;
    for c in expression.trim().chars() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c.is_whitespace() => pending_space = true,
            None => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                if matches!(c, '\'' | '"' | '`') {
                    quote = Some(c);
                }
                out.push(c.to_ascii_lowercase());
            }
        }
    }
    out
}
