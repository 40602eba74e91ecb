//! Namespaces, enums and one table per model: columns, primary key and indexes.

use crate::defaults::column_default;
use crate::flavour::{EnumStorage, Flavour};
use psl::datamodel::naming;
use psl::datamodel::{self as dm, Datamodel, ScalarType};
use sql_schema::{
    Column, ColumnArity, ColumnType, ColumnTypeFamily, Enum, EnumId, Index, IndexAlgorithm, IndexColumn, IndexKind,
    NamespaceId, PrimaryKey, SortOrder, SqlSchema, Table, TableId,
};

/// The calculation in progress: the datamodel, the provider's answers and the schema built so
/// far, with the ids that map one to the other.
pub(crate) struct Calc<'a> {
    pub dm: &'a Datamodel,
    pub flavour: &'a dyn Flavour,
    pub schema: SqlSchema,
    default_namespace: &'a str,
    /// The table of each model (by model index); `None` for views.
    pub model_tables: Vec<Option<TableId>>,
    /// The enum type of each Prisma enum (PostgreSQL).
    enum_types: Vec<Option<EnumId>>,
}

impl<'a> Calc<'a> {
    pub(crate) fn new(dm: &'a Datamodel, flavour: &'a dyn Flavour, default_namespace: &'a str) -> Self {
        Calc {
            dm,
            flavour,
            schema: SqlSchema::default(),
            default_namespace,
            model_tables: vec![None; dm.models.len()],
            enum_types: vec![None; dm.enums.len()],
        }
    }

    /// The datasource's `schemas`, or the default namespace alone, created in name order.
    pub(crate) fn push_namespaces(&mut self) {
        if !self.flavour.uses_namespaces() {
            return;
        }
        let mut names: Vec<&str> = match &self.dm.datasource {
            Some(ds) if !ds.schemas.is_empty() => ds.schemas.iter().map(String::as_str).collect(),
            _ => vec![self.default_namespace],
        };
        names.sort_unstable();
        names.dedup();
        for name in names {
            self.schema.push_namespace(name.into());
        }
    }

    /// The namespace id for `@@schema(name)`; `None` for the default namespace, whose objects
    /// are written unqualified.
    pub(crate) fn namespace(&mut self, schema: Option<&str>) -> Option<NamespaceId> {
        match schema {
            Some(name) if self.flavour.uses_namespaces() && name != self.default_namespace => {
                Some(self.schema.push_namespace(name.into()))
            }
            _ => None,
        }
    }

    pub(crate) fn push_enums(&mut self) {
        if self.flavour.enum_storage() != EnumStorage::NamedTypes {
            return;
        }
        for (index, enm) in self.dm.enums.iter().enumerate() {
            let namespace = self.namespace(enm.schema.as_deref());
            let values = enm.values.iter().map(|v| v.db_name.0.clone()).collect();
            let id = self.schema.push_enum(Enum { name: enm.db_name.0.as_str().into(), namespace, values });
            self.enum_types[index] = Some(id);
        }
    }

    pub(crate) fn push_model_tables(&mut self) {
        for (index, model) in self.dm.models.iter().enumerate() {
            if model.is_view {
                continue;
            }
            let namespace = self.namespace(model.schema.as_deref());
            let mut table = Table::new(model.db_name.0.as_str().into(), namespace);
            for field_id in model.scalar_field_ids() {
                let column = self.column(model, field_id);
                table.push_column(column);
            }
            table.primary_key = self.primary_key(model, &table);
            table.indexes = indexes_in_prisma_order(model).map(|index| self.index(model, &table, index)).collect();
            self.model_tables[index] = Some(self.schema.push_table(table));
        }
    }

    fn column(&mut self, model: &dm::Model, field_id: dm::ScalarFieldId) -> Column {
        let field = model.scalar_field(field_id);
        let arity = match field.arity {
            dm::Arity::Required => ColumnArity::Required,
            dm::Arity::Optional => ColumnArity::Nullable,
            dm::Arity::List => ColumnArity::List,
        };
        let tpe = self.column_type(model, field);
        let autoincrement = matches!(field.default.as_ref().map(|d| &d.value), Some(dm::DefaultValue::Autoincrement))
            || self.flavour.implicit_autoincrement(model, field_id);
        Column {
            name: field.db_name.0.as_str().into(),
            tpe,
            arity,
            default: column_default(field, self.flavour),
            autoincrement,
        }
    }

    fn column_type(&mut self, model: &dm::Model, field: &dm::ScalarField) -> ColumnType {
        let family = match &field.r#type {
            ScalarType::String => ColumnTypeFamily::String,
            ScalarType::Boolean => ColumnTypeFamily::Boolean,
            ScalarType::Int => ColumnTypeFamily::Int,
            ScalarType::BigInt => ColumnTypeFamily::BigInt,
            ScalarType::Float => ColumnTypeFamily::Float,
            ScalarType::Decimal => ColumnTypeFamily::Decimal,
            ScalarType::DateTime => ColumnTypeFamily::DateTime,
            ScalarType::Json => ColumnTypeFamily::Json,
            ScalarType::Bytes => ColumnTypeFamily::Binary,
            ScalarType::Unsupported(text) => ColumnTypeFamily::Unsupported(text.clone()),
            ScalarType::Enum(enum_id) => match self.flavour.enum_storage() {
                EnumStorage::Text => ColumnTypeFamily::String,
                EnumStorage::NamedTypes => match self.enum_types[enum_id.index()] {
                    Some(id) => ColumnTypeFamily::Enum(id),
                    None => ColumnTypeFamily::String,
                },
                EnumStorage::PerColumn => {
                    let enm = self.dm.enum_(*enum_id);
                    let id = self.schema.push_enum(Enum {
                        name: format!("{}_{}", model.db_name, field.db_name).into(),
                        namespace: None,
                        values: enm.values.iter().map(|v| v.db_name.0.clone()).collect(),
                    });
                    ColumnTypeFamily::Enum(id)
                }
            },
        };
        let native = match (&family, &field.native_type) {
            (ColumnTypeFamily::Enum(_), _) => String::new(),
            (_, Some(native)) => self.flavour.native_type(&field.r#type, native),
            (_, None) => self.flavour.default_native_type(&field.r#type),
        };
        ColumnType { family, native }
    }

    fn primary_key(&self, model: &dm::Model, table: &Table) -> Option<PrimaryKey> {
        let pk = model.primary_key.as_ref()?;
        let name = self.flavour.named_primary_keys().then(|| match &pk.map {
            Some(map) => map.0.as_str().into(),
            None => naming::primary_key(table.name.as_str(), self.flavour.max_identifier_length()).0.into(),
        });
        let columns = pk.fields.iter().filter_map(|f| self.index_column(model, table, f)).collect();
        Some(PrimaryKey { name, columns })
    }

    fn index(&self, model: &dm::Model, table: &Table, index: &dm::Index) -> Index {
        let kind = match index.kind {
            dm::IndexKind::Unique => IndexKind::Unique,
            dm::IndexKind::Normal => IndexKind::Normal,
            dm::IndexKind::Fulltext => IndexKind::Fulltext,
        };
        let name = match &index.map {
            Some(map) => map.0.clone(),
            None => {
                let columns: Vec<&str> =
                    index.fields.iter().map(|f| model.scalar_field(f.field).db_name.0.as_str()).collect();
                let limit = self.flavour.max_identifier_length();
                match kind {
                    IndexKind::Unique => naming::unique(table.name.as_str(), &columns, limit).0,
                    IndexKind::Normal | IndexKind::Fulltext => naming::index(table.name.as_str(), &columns, limit).0,
                }
            }
        };
        let algorithm = match index.algorithm.filter(|_| self.flavour.index_algorithms()) {
            // B-tree is every dialect's default; it is kept as "no algorithm" so that it
            // compares equal to an index described without one.
            None | Some(dm::IndexAlgorithm::BTree) => None,
            Some(dm::IndexAlgorithm::Hash) => Some(IndexAlgorithm::Hash),
            Some(dm::IndexAlgorithm::Gist) => Some(IndexAlgorithm::Gist),
            Some(dm::IndexAlgorithm::Gin) => Some(IndexAlgorithm::Gin),
            Some(dm::IndexAlgorithm::SpGist) => Some(IndexAlgorithm::SpGist),
            Some(dm::IndexAlgorithm::Brin) => Some(IndexAlgorithm::Brin),
        };
        let columns = index.fields.iter().filter_map(|f| self.index_column(model, table, f)).collect();
        Index { name: name.into(), kind, columns, algorithm, predicate: None }
    }

    fn index_column(&self, model: &dm::Model, table: &Table, field: &dm::IndexField) -> Option<IndexColumn> {
        let column = table.find_column(model.scalar_field(field.field).db_name.as_str())?;
        let operator_class = field.ops.as_ref().filter(|_| self.flavour.index_algorithms()).map(|ops| match ops {
            dm::OperatorClass::Named(name) => operator_class_sql(name),
            dm::OperatorClass::Raw(raw) => raw.clone(),
        });
        Some(IndexColumn {
            column,
            sort_order: field.sort.map(|s| match s {
                dm::SortOrder::Asc => SortOrder::Asc,
                dm::SortOrder::Desc => SortOrder::Desc,
            }),
            length: field.length,
            operator_class,
            operator_class_is_default: false,
        })
    }
}

/// The indexes of a model in the order Prisma records them, which is the order of their
/// `CREATE INDEX` statements: `@unique` fields, then `@@index`, `@@unique` and `@@fulltext`,
/// each group in source order.
fn indexes_in_prisma_order(model: &dm::Model) -> impl Iterator<Item = &dm::Index> {
    let group = |index: &dm::Index| match index.kind {
        _ if index.defined_on_field => 0,
        dm::IndexKind::Normal => 1,
        dm::IndexKind::Unique => 2,
        dm::IndexKind::Fulltext => 3,
    };
    let mut indexes: Vec<&dm::Index> = model.indexes.iter().collect();
    indexes.sort_by_key(|index| (group(index), index.span));
    indexes.into_iter()
}

/// `JsonbPathOps` → `jsonb_path_ops`, `Int4MinMaxMultiOps` → `int4_minmax_multi_ops`.
fn operator_class_sql(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.char_indices() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    // PostgreSQL writes these type names as one word.
    out.replace("min_max", "minmax")
        .replace("timestamp_tz", "timestamptz")
        .replace("time_tz", "timetz")
        .replace("var_bit", "varbit")
}

#[cfg(test)]
mod tests {
    use super::operator_class_sql;

    #[test]
    fn operator_classes_are_snake_case() {
        assert_eq!(operator_class_sql("JsonbOps"), "jsonb_ops");
        assert_eq!(operator_class_sql("JsonbPathOps"), "jsonb_path_ops");
        assert_eq!(operator_class_sql("ArrayOps"), "array_ops");
        assert_eq!(operator_class_sql("Int4MinMaxMultiOps"), "int4_minmax_multi_ops");
        assert_eq!(operator_class_sql("BpcharBloomOps"), "bpchar_bloom_ops");
        assert_eq!(operator_class_sql("TimestampTzMinMaxOps"), "timestamptz_minmax_ops");
        assert_eq!(operator_class_sql("TimeTzBloomOps"), "timetz_bloom_ops");
        assert_eq!(operator_class_sql("VarBitMinMaxOps"), "varbit_minmax_ops");
    }
}
