//! Relations: pairing every relation field with its opposite field, then checking each pair:
//! which side holds `fields`/`references`, that they resolve, have matching types and point at
//! a unique criterion, and that the referential actions fit the provider and relation mode.
//!
//! Pairing follows Prisma: fields pair when they point at each other's model and carry the same
//! relation name (or none). For a self-relation the two fields are in the same model.

use super::args::{attr_context, describe, expect_string, Args};
use super::fields::PendingRelations;
use super::names::Names;
use super::{codes, Ctx};
use crate::ast::{Attribute, Expression};
use crate::datamodel::{
    Arity, DbName, Model, ModelId, Provider, ReferentialAction, Relation, RelationFieldId, RelationFieldRef,
    RelationId, RelationKind, RelationMode, ScalarFieldId,
};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use std::collections::BTreeMap;

/// The `@relation(...)` of one field, read but not yet resolved against the models.
#[derive(Default)]
struct RawRelation<'a> {
    name: Option<String>,
    fields: Option<Vec<(&'a str, Span)>>,
    references: Option<Vec<(&'a str, Span)>>,
    on_delete: Option<(ReferentialAction, Span)>,
    on_update: Option<(ReferentialAction, Span)>,
    map: Option<String>,
    /// The attribute, or the field when it has none.
    span: Span,
}

fn field_name_list<'a>(expr: &'a Expression, attr: &Attribute, ctx: &mut Ctx<'_>) -> Option<Vec<(&'a str, Span)>> {
    let items: Vec<&Expression> = match expr {
        Expression::Array(items, _) => items.iter().collect(),
        // Prisma accepts a single name without brackets.
        Expression::Constant(..) => vec![expr],
        other => {
            ctx.diags.error(
                codes::INVALID_ARGUMENT_VALUE,
                format!(
                    "{}: Expected a list of field names, but received {}.",
                    attr_context(attr, false),
                    describe(other)
                ),
                other.span(),
            );
            return None;
        }
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Expression::Constant(name, span) => out.push((name.as_str(), *span)),
            other => {
                ctx.diags.error(
                    codes::INVALID_ARGUMENT_VALUE,
                    format!("{}: Expected a field name, but received {}.", attr_context(attr, false), describe(other)),
                    other.span(),
                );
                return None;
            }
        }
    }
    Some(out)
}

fn referential_action(expr: &Expression, ctx: &mut Ctx<'_>) -> Option<(ReferentialAction, Span)> {
    match expr.as_constant().and_then(ReferentialAction::from_name) {
        Some(a) => Some((a, expr.span())),
        None => {
            ctx.diags.error(
                codes::INVALID_REFERENTIAL_ACTION,
                format!(
                    "Error parsing attribute \"@relation\": Invalid referential action: `{}`. Allowed values: (`Cascade`, `Restrict`, `NoAction`, `SetNull`, `SetDefault`)",
                    super::config::expression_text(expr)
                ),
                expr.span(),
            );
            None
        }
    }
}

fn read_raw<'a>(attr: Option<&'a Attribute>, field_span: Span, ctx: &mut Ctx<'_>) -> RawRelation<'a> {
    let Some(attr) = attr else {
        return RawRelation { span: field_span, ..RawRelation::default() };
    };
    let args =
        Args::new(attr, Some("name"), &["name", "fields", "references", "onDelete", "onUpdate", "map"], ctx.diags);
    RawRelation {
        name: args.get("name").and_then(|e| expect_string(e, ctx.diags)).map(str::to_string),
        fields: args.get("fields").and_then(|e| field_name_list(e, attr, ctx)),
        references: args.get("references").and_then(|e| field_name_list(e, attr, ctx)),
        on_delete: args.get("onDelete").and_then(|e| referential_action(e, ctx)),
        on_update: args.get("onUpdate").and_then(|e| referential_action(e, ctx)),
        map: args.get("map").and_then(|e| expect_string(e, ctx.diags)).map(str::to_string),
        span: attr.span,
    }
}

pub(crate) fn resolve(
    models: &mut [Model],
    pending: Vec<PendingRelations<'_>>,
    _names: &Names<'_>,
    ctx: &mut Ctx<'_>,
) -> Vec<Relation> {
    // Read every @relation first.
    let mut raw: Vec<Vec<RawRelation<'_>>> = Vec::with_capacity(models.len());
    for (model, attrs) in models.iter().zip(pending) {
        let list = model.relation_fields.iter().zip(attrs).map(|(f, a)| read_raw(a, f.span, ctx)).collect();
        raw.push(list);
    }

    // A relation field pointing at an ignored model must be ignored too.
    for model in models.iter() {
        for field in &model.relation_fields {
            if models[field.related_model.index()].ignored && !field.ignored && !model.ignored {
                ctx.diags.error(
                    codes::RELATION_TO_INVALID_MODEL,
                    format!(
                        "Error parsing attribute \"@ignore\": The relation field `{}` on Model `{}` must specify the `@ignore` attribute, because the model {} it is pointing to is marked ignored.",
                        field.name,
                        model.name,
                        models[field.related_model.index()].name
                    ),
                    field.span,
                );
            }
        }
    }

    // Group fields by (unordered model pair, relation name).
    type Key = (ModelId, ModelId, Option<String>);
    let mut groups: BTreeMap<Key, Vec<RelationFieldRef>> = BTreeMap::new();
    for (mi, model) in models.iter().enumerate() {
        for (fi, field) in model.relation_fields.iter().enumerate() {
            let a = ModelId(mi as u32);
            let b = field.related_model;
            let key = (a.min(b), a.max(b), raw[mi][fi].name.clone());
            groups.entry(key).or_default().push(RelationFieldRef { model: a, field: RelationFieldId(fi as u32) });
        }
    }

    let mut relations = Vec::new();
    for ((ma, mb, name), refs) in groups {
        let pair = if ma == mb {
            pair_self(models, &refs, name.is_some(), ctx)
        } else {
            let side_a: Vec<_> = refs.iter().copied().filter(|r| r.model == ma).collect();
            let side_b: Vec<_> = refs.iter().copied().filter(|r| r.model == mb).collect();
            pair_sides(models, &side_a, &side_b, name.is_some(), ctx)
        };
        let Some((f1, f2)) = pair else { continue };
        let id = RelationId(relations.len() as u32);
        if let Some(relation) = check_pair(models, &raw, f1, f2, name, id, ctx) {
            models[f1.model.index()].relation_fields[f1.field.index()].relation = id;
            models[f2.model.index()].relation_fields[f2.field.index()].relation = id;
            relations.push(relation);
        }
    }
    check_cascades(models, &relations, ctx);
    if ctx.relation_mode == RelationMode::Prisma {
        check_relation_indexes(models, &relations, ctx);
    }
    relations
}

/// With `relationMode = "prisma"` there is no foreign key, so no index the database would
/// create for it: Prisma warns when no index, unique or id of the model starts with the
/// relation's fields, in their order.
fn check_relation_indexes(models: &[Model], relations: &[Relation], ctx: &mut Ctx<'_>) {
    for relation in relations {
        let (RelationKind::OneToOne { referencing, .. } | RelationKind::OneToMany { referencing, .. }) = relation.kind
        else {
            continue;
        };
        let model = &models[referencing.model.index()];
        let field = &model.relation_fields[referencing.field.index()];
        let starts_with_fields =
            |ids: Vec<ScalarFieldId>| ids.len() >= field.fields.len() && ids[..field.fields.len()] == field.fields[..];
        let indexed = model.indexes.iter().any(|i| starts_with_fields(i.fields.iter().map(|f| f.field).collect()))
            || model.primary_key.iter().any(|pk| starts_with_fields(pk.fields.iter().map(|f| f.field).collect()));
        if !indexed && !field.fields.is_empty() {
            ctx.diags.warning(
                codes::RELATION_WITHOUT_INDEX,
                "With `relationMode = \"prisma\"`, no foreign keys are used, so relation fields will not benefit from the index usually created by the relational database under the hood. This can lead to poor performance when querying these fields. We recommend adding an index manually. Learn more at https://pris.ly/d/relation-mode-prisma-indexes",
                field.span,
            );
        }
    }
}

/// One inline relation as the cascade checks see it: rows of `from` (the model holding the
/// foreign key) change when rows of `to` change, unless both actions are `NoAction`/`Restrict`.
struct Link {
    from: ModelId,
    to: ModelId,
    field: RelationFieldRef,
    on_delete: ReferentialAction,
    on_update: ReferentialAction,
    on_delete_written: bool,
    on_update_written: bool,
}

/// Whether an action changes the rows that refer to the changed row.
fn triggers_modification(action: ReferentialAction) -> bool {
    !matches!(action, ReferentialAction::NoAction | ReferentialAction::Restrict)
}

impl Link {
    fn modifies(&self) -> bool {
        triggers_modification(self.on_delete) || triggers_modification(self.on_update)
    }
}

/// Cascading actions that reach a model again. SQL Server refuses foreign keys whose actions
/// form a cycle (a self-relation is the smallest one) or reach a table through two paths; with
/// `relationMode = "prisma"` Prisma emulates the actions and refuses cycles on every provider,
/// while two paths are then allowed. Follows Prisma's walk, which starts from every relation
/// and reports on the relation it started from.
fn check_cascades(models: &[Model], relations: &[Relation], ctx: &mut Ctx<'_>) {
    let sql_server = ctx.is_provider(Provider::SqlServer);
    let emulated = ctx.relation_mode == RelationMode::Prisma;
    if !sql_server && !emulated {
        return;
    }
    let mut links = Vec::new();
    for relation in relations {
        let (RelationKind::OneToOne { referencing, referenced } | RelationKind::OneToMany { referencing, referenced }) =
            relation.kind
        else {
            continue;
        };
        let m = &models[referencing.model.index()];
        let f = &m.relation_fields[referencing.field.index()];
        let required = f.fields.iter().any(|id| m.scalar_field(*id).arity == Arity::Required);
        // Prisma's implicit `onDelete` for a required relation (`Restrict`, or `NoAction` where
        // `Restrict` does not exist) triggers nothing either way.
        let implicit_delete = if required { ReferentialAction::NoAction } else { ReferentialAction::SetNull };
        links.push(Link {
            from: referencing.model,
            to: referenced.model,
            field: referencing,
            on_delete: f.on_delete.unwrap_or(implicit_delete),
            on_update: f.on_update.unwrap_or(ReferentialAction::Cascade),
            on_delete_written: f.on_delete.is_some(),
            on_update_written: f.on_update.is_some(),
        });
    }
    for start in 0..links.len() {
        check_cycle(models, &links, start, ctx);
        if sql_server && !emulated {
            check_multiple_paths(models, &links, start, ctx);
        }
    }
}

fn link_name(models: &[Model], link: &Link) -> String {
    let model = &models[link.from.index()];
    format!("{}.{}", model.name, model.relation_fields[link.field.field.index()].name)
}

/// Prisma's error for a cascade problem: the message, the implicit actions that take part, and
/// the link to its documentation, on the relation field the walk started from.
fn cascade_error(models: &[Model], link: &Link, message: &str, ctx: &mut Ctx<'_>) {
    let on_delete = (!link.on_delete_written && triggers_modification(link.on_delete)).then_some(link.on_delete);
    let on_update = (!link.on_update_written && triggers_modification(link.on_update)).then_some(link.on_update);
    let implicit = match (on_delete, on_update) {
        (Some(d), Some(u)) => format!(" (Implicit default `onDelete`: `{}`, and `onUpdate`: `{}`)", d.name(), u.name()),
        (Some(d), None) => format!(" (Implicit default `onDelete`: `{}`)", d.name()),
        (None, Some(u)) => format!(" (Implicit default `onUpdate`: `{}`)", u.name()),
        (None, None) => String::new(),
    };
    let span = models[link.from.index()].relation_fields[link.field.field.index()].span;
    ctx.diags.error(
        codes::REFERENTIAL_ACTION_UNSUPPORTED,
        format!("Error validating: {message}{implicit} Read more at https://pris.ly/d/cyclic-referential-actions"),
        span,
    );
}

/// From the relation `start`, follows the cascading relations of each reached model; reports a
/// self-relation met on the way, or a path back to the model of `start`.
fn check_cycle(models: &[Model], links: &[Link], start: usize, ctx: &mut Ctx<'_>) {
    let parent = links[start].from;
    let mut visited = vec![false; links.len()];
    let mut stack = vec![(start, vec![start])];
    while let Some((i, path)) = stack.pop() {
        visited[i] = true;
        let link = &links[i];
        if !link.modifies() {
            continue;
        }
        if link.from == link.to {
            let message = "A self-relation must have `onDelete` and `onUpdate` referential actions set to `NoAction` in one of the @relation attributes.";
            cascade_error(models, &links[start], message, ctx);
            return;
        }
        if link.to == parent {
            let names: Vec<String> = path.iter().map(|j| link_name(models, &links[*j])).collect();
            let message = format!(
                "Reference causes a cycle. One of the @relation attributes in this cycle must have `onDelete` and `onUpdate` referential actions set to `NoAction`. Cycle path: {}.",
                names.join(" → ")
            );
            cascade_error(models, &links[start], &message, ctx);
            return;
        }
        for (j, _) in links.iter().enumerate().filter(|(j, next)| next.from == link.to && !visited[*j]) {
            let mut next_path = path.clone();
            next_path.push(j);
            stack.push((j, next_path));
        }
    }
}

/// SQL Server: the models reachable by cascading from the relation `start` that are also
/// reachable from another relation of the same model.
fn check_multiple_paths(models: &[Model], links: &[Link], start: usize, ctx: &mut Ctx<'_>) {
    if !links[start].modifies() {
        return;
    }
    let parent = links[start].from;
    // For each cascading relation of `parent`: the models its paths reach.
    let mut reached: BTreeMap<usize, std::collections::BTreeSet<ModelId>> = BTreeMap::new();
    let mut stack: Vec<(usize, usize, Vec<usize>)> = links
        .iter()
        .enumerate()
        .filter(|(_, l)| l.from == parent && l.modifies())
        .map(|(j, _)| (j, j, Vec::new()))
        .collect();
    while let Some((first, i, mut path)) = stack.pop() {
        path.push(i);
        let link = &links[i];
        // Self-relations and cycles are the cycle check's.
        if link.from == link.to || link.to == parent {
            continue;
        }
        let before = stack.len();
        for (j, _) in links.iter().enumerate().filter(|(j, l)| l.from == link.to && l.modifies() && !path.contains(j)) {
            stack.push((first, j, path.clone()));
        }
        if stack.len() == before {
            reached.entry(first).or_default().extend(path.iter().map(|j| links[*j].to));
        }
    }
    let Some(from_start) = reached.remove(&start) else { return };
    let mut both: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for other in reached.values() {
        both.extend(from_start.intersection(other).map(|m| models[m.index()].name.as_str()));
    }
    let names: Vec<String> = both.iter().map(|n| format!("`{n}`")).collect();
    let to = &models[parent.index()].name;
    let message = match names.len() {
        0 => return,
        1 => format!(
            "When any of the records in model {} is updated or deleted, the referential actions on the relations cascade to model `{to}` through multiple paths. Please break one of these paths by setting the `onUpdate` and `onDelete` to `NoAction`.",
            names[0]
        ),
        _ => format!(
            "When any of the records in models {} are updated or deleted, the referential actions on the relations cascade to model `{to}` through multiple paths. Please break one of these paths by setting the `onUpdate` and `onDelete` to `NoAction`.",
            names.join(", ")
        ),
    };
    cascade_error(models, &links[start], &message, ctx);
}

fn missing_opposite(models: &[Model], r: RelationFieldRef, ctx: &mut Ctx<'_>) {
    let model = &models[r.model.index()];
    let field = &model.relation_fields[r.field.index()];
    let related = &models[field.related_model.index()];
    ctx.diags.error(
        codes::MISSING_OPPOSITE_RELATION,
        format!(
            "Error validating field `{f}` in model `{m}`: The relation field `{f}` on model `{m}` is missing an opposite relation field on the model `{r}`. Either run `prisma format` or add it manually.",
            f = field.name,
            m = model.name,
            r = related.name
        ),
        field.span,
    );
}

fn ambiguous(models: &[Model], fields: &[RelationFieldRef], named: bool, ctx: &mut Ctx<'_>) {
    let model = &models[fields[0].model.index()];
    let f0 = &model.relation_fields[fields[0].field.index()];
    let f1 = &model.relation_fields[fields[1].field.index()];
    let related = &models[f0.related_model.index()];
    let is_self = f0.related_model == fields[0].model;
    let message = if named {
        format!(
            "Error validating model \"{m}\": Wrongly named relation detected. The fields `{a}` and `{b}` in model `{m}` both use the same relation name. Please provide different relation names for them through `@relation(<name>).",
            m = model.name,
            a = f0.name,
            b = f1.name
        )
    } else if is_self && fields.len() > 2 {
        let names: Vec<String> =
            fields.iter().map(|r| format!("`{}`", model.relation_fields[r.field.index()].name)).collect();
        let (last, rest) = names.split_last().map_or((String::new(), &[][..]), |(l, r)| (l.clone(), r));
        format!(
            "Error validating model \"{m}\": Unnamed self relation detected. The fields {} and {last} in model `{m}` have no relation name. Please provide a relation name for one of them by adding `@relation(<name>).",
            rest.join(", "),
            m = model.name
        )
    } else if is_self {
        format!(
            "Error validating model \"{m}\": Ambiguous self relation detected. The fields `{a}` and `{b}` in model `{m}` both refer to `{m}`. If they are partners of the same relation field, please provide them with the same relation name by adding `@relation(<name>)`. Otherwise, please provide different relation names for them.",
            m = model.name,
            a = f0.name,
            b = f1.name
        )
    } else {
        format!(
            "Error validating model \"{m}\": Ambiguous relation detected. The fields `{a}` and `{b}` in model `{m}` both refer to `{r}`. Please provide different relation names for them by adding `@relation(<name>).",
            m = model.name,
            a = f0.name,
            b = f1.name,
            r = related.name
        )
    };
    // Like Prisma, at the first of the fields.
    ctx.diags.push(
        Diagnostic::error(codes::AMBIGUOUS_RELATION, message, f0.span)
            .with_label(f1.span, "also refers to the same model"),
    );
}

fn pair_sides(
    models: &[Model],
    a: &[RelationFieldRef],
    b: &[RelationFieldRef],
    named: bool,
    ctx: &mut Ctx<'_>,
) -> Option<(RelationFieldRef, RelationFieldRef)> {
    match (a, b) {
        ([x], [y]) => Some((*x, *y)),
        _ => {
            for side in [a, b] {
                if side.len() > 1 {
                    ambiguous(models, side, named, ctx);
                }
            }
            if b.is_empty() && a.len() == 1 {
                missing_opposite(models, a[0], ctx);
            }
            if a.is_empty() && b.len() == 1 {
                missing_opposite(models, b[0], ctx);
            }
            None
        }
    }
}

fn pair_self(
    models: &[Model],
    refs: &[RelationFieldRef],
    named: bool,
    ctx: &mut Ctx<'_>,
) -> Option<(RelationFieldRef, RelationFieldRef)> {
    match refs {
        [x, y] => Some((*x, *y)),
        [x] => {
            missing_opposite(models, *x, ctx);
            None
        }
        _ => {
            ambiguous(models, refs, named, ctx);
            None
        }
    }
}

/// Resolves names to scalar fields of `model`; reports the unknown ones.
fn resolve_names(
    names: &[(&str, Span)],
    model: &Model,
    own: bool,
    attr_span: Span,
    ctx: &mut Ctx<'_>,
) -> Option<Vec<ScalarFieldId>> {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let mut relation = Vec::new();
    for (name, _) in names {
        match model.find_scalar_field(name) {
            Some(id) => out.push(id),
            None if model.find_relation_field(name).is_some() => relation.push(*name),
            None => unknown.push(*name),
        }
    }
    if !unknown.is_empty() {
        let message = if own {
            format!(
                "Error validating: The argument fields must refer only to existing fields. The following fields do not exist in this model: {}",
                unknown.join(", ")
            )
        } else {
            format!(
                "Error validating: The argument `references` must refer only to existing fields in the related model `{}`. The following fields do not exist in the related model: {}",
                model.name,
                unknown.join(", ")
            )
        };
        ctx.diags.error(codes::RELATION_UNKNOWN_FIELD, message, attr_span);
    }
    if !relation.is_empty() {
        let arg = if own { "fields" } else { "references" };
        ctx.diags.error(
            codes::RELATION_UNKNOWN_FIELD,
            format!(
                "Error validating: The argument `{arg}` must refer only to scalar fields. But it is referencing the following relation fields: {}",
                relation.join(", ")
            ),
            attr_span,
        );
    }
    let mut seen = Vec::new();
    for (id, (name, span)) in out.iter().zip(names) {
        if seen.contains(id) {
            let arg = if own { "fields" } else { "references" };
            ctx.diags.error(
                codes::RELATION_UNKNOWN_FIELD,
                format!("Error parsing attribute \"@relation\": The `{arg}` argument refers to the field `{name}` more than once."),
                *span,
            );
            return None;
        }
        seen.push(*id);
    }
    (unknown.is_empty() && relation.is_empty()).then_some(out)
}

/// Whether `fields` (as a set) is the primary key or a unique constraint of `model`.
fn is_unique_criterion(model: &Model, fields: &[ScalarFieldId]) -> bool {
    let mut wanted: Vec<ScalarFieldId> = fields.to_vec();
    wanted.sort();
    wanted.dedup();
    let matches = |ids: Vec<ScalarFieldId>| {
        let mut ids = ids;
        ids.sort();
        ids == wanted
    };
    model.primary_key.iter().any(|pk| matches(pk.fields.iter().map(|f| f.field).collect()))
        || model.unique_indexes().any(|u| matches(u.fields.iter().map(|f| f.field).collect()))
}

#[allow(clippy::too_many_arguments)]
fn check_pair(
    models: &mut [Model],
    raw: &[Vec<RawRelation<'_>>],
    f1: RelationFieldRef,
    f2: RelationFieldRef,
    name: Option<String>,
    id: RelationId,
    ctx: &mut Ctx<'_>,
) -> Option<Relation> {
    let r1 = &raw[f1.model.index()][f1.field.index()];
    let r2 = &raw[f2.model.index()][f2.field.index()];
    let (m1, m2) = (&models[f1.model.index()], &models[f2.model.index()]);
    let (field1, field2) = (&m1.relation_fields[f1.field.index()], &m2.relation_fields[f2.field.index()]);
    let (a1, a2) = (field1.arity, field2.arity);
    let _ = id;

    let generated_name = {
        let (x, y) = (m1.name.as_str(), m2.name.as_str());
        if x <= y {
            format!("{x}To{y}")
        } else {
            format!("{y}To{x}")
        }
    };
    let explicit_name = name.is_some();
    let relation_name = name.clone().unwrap_or(generated_name);

    let has_fk_args = |r: &RawRelation<'_>| r.fields.is_some() || r.references.is_some();

    // Implicit many-to-many.
    if a1 == Arity::List && a2 == Arity::List {
        let mut ok = true;
        if has_fk_args(r1) || has_fk_args(r2) {
            // Lists that hold `fields` are MongoDB's embedded many-to-many relations.
            let db = match ctx.provider {
                Some(Provider::MySql) => "MySQL",
                Some(Provider::Sqlite) => "SQLite",
                Some(Provider::SqlServer) => "SQL Server",
                Some(Provider::CockroachDb) => "CockroachDB",
                _ => "Postgres",
            };
            for span in [r1.span, r2.span] {
                ctx.diags.error(
                    codes::RELATION_SIDES,
                    format!("Error validating: Embedded many-to-many relations are not supported on {db}. Please use the syntax defined in https://pris.ly/d/relational-database-many-to-many"),
                    span,
                );
            }
            return None;
        }
        for (r, f, m) in [(r1, field1, m1), (r2, field2, m2)] {
            if r.on_delete.is_some() || r.on_update.is_some() {
                ctx.diags.error(
                    codes::INVALID_REFERENTIAL_ACTION,
                    format!(
                        "Error parsing attribute \"@relation\": The relation field `{}` on model `{}` is part of an implicit many-to-many relation and must not define `onDelete` or `onUpdate`. Use an explicit join model to control them.",
                        f.name, m.name
                    ),
                    r.span,
                );
                ok = false;
            }
        }
        if m1.is_view || m2.is_view {
            // A view has no key for the join table to refer to.
            for f in [field1, field2] {
                ctx.diags.error(
                    codes::RELATION_TO_INVALID_MODEL,
                    "Error validating: Implicit many-to-many relations are not supported for views.",
                    f.span,
                );
            }
            return None;
        }
        for (m, other, other_field) in [(m1, m2, field2), (m2, m1, field1)] {
            let single_id = m.primary_key.as_ref().is_some_and(|pk| pk.fields.len() == 1);
            if !single_id {
                let message = if m.primary_key.is_some() {
                    format!(
                        "Error validating field `{f}` in model `{o}`: The relation field `{f}` on model `{o}` references `{m}` which has a compound id. Implicit many-to-many relations need a single-field `@id` on both models. Use an explicit intermediate Model to represent this relationship.",
                        f = other_field.name,
                        o = other.name,
                        m = m.name
                    )
                } else {
                    format!(
                        "Error validating field `{f}` in model `{o}`: The relation field `{f}` on model `{o}` references `{m}` which does not have an `@id` field. Models without `@id` cannot be part of a many to many relation. Use an explicit intermediate Model to represent this relationship.",
                        f = other_field.name,
                        o = other.name,
                        m = m.name
                    )
                };
                ctx.diags.error(codes::RELATION_TO_INVALID_MODEL, message, other_field.span);
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let key1 = (m1.name.as_str(), field1.name.as_str());
        let key2 = (m2.name.as_str(), field2.name.as_str());
        let (field_a, field_b) = if key1 <= key2 { (f1, f2) } else { (f2, f1) };
        return Some(Relation {
            name: relation_name,
            explicit_name,
            kind: RelationKind::ImplicitManyToMany { field_a, field_b },
        });
    }

    // One side must hold the foreign key.
    let (referencing, referenced) = match (has_fk_args(r1), has_fk_args(r2)) {
        (true, true) => {
            for arg in ["references", "fields"] {
                let message = format!(
                    "Error parsing attribute \"@relation\": The relation fields `{}` on Model `{}` and `{}` on Model `{}` both provide the `{arg}` argument in the @relation attribute. You have to provide it only on one of the two fields.",
                    field1.name, m1.name, field2.name, m2.name
                );
                ctx.diags.error(codes::RELATION_SIDES, message.clone(), r1.span);
                ctx.diags.error(codes::RELATION_SIDES, message, r2.span);
            }
            return None;
        }
        (true, false) => (f1, f2),
        (false, true) => (f2, f1),
        (false, false) => {
            if a1 == Arity::List || a2 == Arity::List {
                let (fk_side, m) = if a1 == Arity::List { (field2, m2) } else { (field1, m1) };
                let r = if a1 == Arity::List { r2 } else { r1 };
                ctx.diags.error(
                    codes::RELATION_FIELDS_REFERENCES,
                    format!(
                        "Error parsing attribute \"@relation\": The relation field `{}` on Model `{}` must specify the `fields` argument in the @relation attribute. You can run `prisma format` to fix this automatically.",
                        fk_side.name, m.name
                    ),
                    r.span,
                );
            } else {
                ctx.diags.error(
                    codes::RELATION_SIDES,
                    format!(
                        "Error parsing attribute \"@relation\": The relation fields `{}` on Model `{}` and `{}` on Model `{}` do not provide the `fields` argument in the @relation attribute. You have to provide it on one of the two fields.",
                        field1.name, m1.name, field2.name, m2.name
                    ),
                    field1.span,
                );
            }
            return None;
        }
    };
    let (rr, rd) = (
        &raw[referencing.model.index()][referencing.field.index()],
        &raw[referenced.model.index()][referenced.field.index()],
    );
    let ref_model = &models[referencing.model.index()];
    let ref_field = &ref_model.relation_fields[referencing.field.index()];
    let target = &models[referenced.model.index()];
    let back_field = &target.relation_fields[referenced.field.index()];

    let one_to_one = ref_field.arity != Arity::List && back_field.arity != Arity::List;
    if ref_field.arity == Arity::List {
        ctx.diags.error(
            codes::RELATION_ARITY,
            format!(
                "Error parsing attribute \"@relation\": The relation field `{}` on Model `{}` is a list and cannot define `fields` and `references`; they belong on the field `{}` on model `{}`.",
                ref_field.name, ref_model.name, back_field.name, target.name
            ),
            rr.span,
        );
        return None;
    }
    if one_to_one && back_field.arity == Arity::Required {
        ctx.diags.error(
            codes::RELATION_ARITY,
            format!(
                "Error parsing attribute \"@relation\": The relation field `{}` on Model `{}` is required. This is not valid because it's not possible to enforce this constraint on the database level. Please change the field type from `{}` to `{}?` to fix this.",
                back_field.name, target.name, ref_model.name, ref_model.name
            ),
            back_field.span,
        );
    }
    if rd.on_delete.is_some() || rd.on_update.is_some() {
        ctx.diags.error(
            codes::INVALID_REFERENTIAL_ACTION,
            format!(
                "Error parsing attribute \"@relation\": The relation field `{}` on Model `{}` must not specify the `onDelete` or `onUpdate` argument in the @relation attribute. You must only specify it on the opposite field `{}` on model `{}`, or in case of a many to many relation, in an explicit join table.",
                back_field.name, target.name, ref_field.name, ref_model.name
            ),
            rd.span,
        );
    }
    if rd.map.is_some() {
        // Prisma accepts and ignores it.
        ctx.diags.warning(
            codes::IGNORED_RELATION_MAP,
            format!(
                "`map` on the relation field `{}` of model `{}` is ignored: the foreign key belongs to the field `{}` on model `{}`; put `map` there",
                back_field.name, target.name, ref_field.name, ref_model.name
            ),
            rd.span,
        );
    }

    let (Some(field_names), Some(reference_names)) = (&rr.fields, &rr.references) else {
        let missing = if rr.fields.is_none() { "fields" } else { "references" };
        ctx.diags.error(
            codes::RELATION_FIELDS_REFERENCES,
            format!(
                "Error parsing attribute \"@relation\": The relation field `{}` on Model `{}` must specify the `{missing}` argument in the @relation attribute.",
                ref_field.name, ref_model.name
            ),
            rr.span,
        );
        return None;
    };
    let fields = resolve_names(field_names, ref_model, true, rr.span, ctx);
    let references = resolve_names(reference_names, target, false, rr.span, ctx);
    let (Some(fields), Some(references)) = (fields, references) else {
        return None;
    };
    let mut ok = true;
    if fields.len() != references.len() {
        ctx.diags.error(
            codes::RELATION_FIELDS_REFERENCES,
            "Error validating: You must specify the same number of fields in `fields` and `references`.",
            rr.span,
        );
        ok = false;
    }
    if references.is_empty() {
        ctx.diags.error(
            codes::RELATION_FIELDS_REFERENCES,
            "Error parsing attribute \"@relation\": `fields` and `references` must not be empty.",
            rr.span,
        );
        return None;
    }
    if !is_unique_criterion(target, &references) {
        let names: Vec<&str> = references.iter().map(|id| target.scalar_field(*id).name.as_str()).collect();
        let hint = if names.len() == 1 {
            format!(
                "Consider adding an `@unique` attribute to the field `{}` in the model `{}`.",
                names[0], target.name
            )
        } else {
            format!("Consider adding an `@@unique([{}])` attribute to the model `{}`.", names.join(", "), target.name)
        };
        ctx.diags.error(
            codes::RELATION_REFERENCES_NOT_UNIQUE,
            format!("Error parsing attribute \"@relation\": The argument `references` must refer to a unique criterion in the related model. {hint}"),
            rr.span,
        );
        ok = false;
    }
    for (f, r) in fields.iter().zip(&references) {
        let (sf, tf) = (ref_model.scalar_field(*f), target.scalar_field(*r));
        if sf.r#type != tf.r#type {
            ctx.diags.error(
                codes::RELATION_TYPE_MISMATCH,
                format!(
                    "Error parsing attribute \"@relation\": The type of the field `{}` in the model `{}` is not matching the type of the referenced field `{}` in model `{}`.",
                    sf.name, ref_model.name, tf.name, target.name
                ),
                rr.span,
            );
            ok = false;
        }
    }
    if one_to_one && !is_unique_criterion(ref_model, &fields) {
        let names: Vec<&str> = fields.iter().map(|id| ref_model.scalar_field(*id).name.as_str()).collect();
        let hint = if names.len() == 1 {
            format!(
                "Either add an `@unique` attribute to the field `{}`, or change the relation to one-to-many.",
                names[0]
            )
        } else {
            format!(
                "Either add an `@@unique([{}])` attribute to the model, or change the relation to one-to-many.",
                names.join(", ")
            )
        };
        ctx.diags.error(
            codes::ONE_TO_ONE_NOT_UNIQUE,
            format!("Error parsing attribute \"@relation\": A one-to-one relation must use unique fields on the defining side. {hint}"),
            rr.span,
        );
        ok = false;
    }
    let any_optional = fields.iter().any(|f| ref_model.scalar_field(*f).arity == Arity::Optional);
    if ref_field.arity == Arity::Required && any_optional {
        let names: Vec<&str> = fields.iter().map(|id| ref_model.scalar_field(*id).name.as_str()).collect();
        ctx.diags.error(
            codes::RELATION_ARITY,
            format!(
                "Error validating: The relation field `{}` uses the scalar fields {}. At least one of those fields is optional. Hence the relation field must be optional as well.",
                ref_field.name,
                names.join(", ")
            ),
            rr.span,
        );
        ok = false;
    }
    let any_required = fields.iter().any(|f| ref_model.scalar_field(*f).arity == Arity::Required);
    for (action, span) in [rr.on_delete, rr.on_update].into_iter().flatten() {
        ok &= check_action(action, span, any_required, ctx);
    }
    if !ok {
        return None;
    }
    let on_delete = rr.on_delete.map(|(a, _)| a);
    let on_update = rr.on_update.map(|(a, _)| a);
    let map = rr.map.clone().map(DbName);
    let kind = if one_to_one {
        RelationKind::OneToOne { referencing, referenced }
    } else {
        RelationKind::OneToMany { referencing, referenced }
    };
    let ref_field = &mut models[referencing.model.index()].relation_fields[referencing.field.index()];
    ref_field.fields = fields;
    ref_field.references = references;
    ref_field.on_delete = on_delete;
    ref_field.on_update = on_update;
    ref_field.map = map;
    ref_field.relation_name = name.clone();
    models[referenced.model.index()].relation_fields[referenced.field.index()].relation_name = name;
    Some(Relation { name: relation_name, explicit_name, kind })
}

/// Checks one referential action against the provider and relation mode.
fn check_action(action: ReferentialAction, span: Span, fields_required: bool, ctx: &mut Ctx<'_>) -> bool {
    use ReferentialAction::*;
    let allowed: &[ReferentialAction] = match (ctx.relation_mode, ctx.provider) {
        // Emulating NO ACTION needs deferred checks these databases do not offer to the client.
        (RelationMode::Prisma, Some(p @ (Provider::PostgreSql | Provider::Sqlite))) if action == NoAction => {
            let db = if p == Provider::PostgreSql { "Postgres" } else { "SQLite" };
            ctx.diags.error(
                codes::REFERENTIAL_ACTION_UNSUPPORTED,
                format!(
                    "Error validating: Invalid referential action: `NoAction`. Allowed values: (`Cascade`, `Restrict`, `SetNull`). `NoAction` is not implemented for {db} when using `relationMode = \"prisma\"`, you could try using `Restrict` instead. Learn more at https://pris.ly/d/relation-mode"
                ),
                span,
            );
            return false;
        }
        (RelationMode::Prisma, _) => &[Cascade, Restrict, NoAction, SetNull],
        (_, Some(Provider::SqlServer)) => &[Cascade, NoAction, SetNull, SetDefault],
        (_, Some(Provider::MongoDb)) => &[Cascade, Restrict, NoAction, SetNull],
        _ => &[Cascade, Restrict, NoAction, SetNull, SetDefault],
    };
    if !allowed.contains(&action) {
        let list: Vec<String> = allowed.iter().map(|a| format!("`{}`", a.name())).collect();
        ctx.diags.error(
            codes::REFERENTIAL_ACTION_UNSUPPORTED,
            format!(
                "Error validating: Invalid referential action: `{}`. Allowed values: ({})",
                action.name(),
                list.join(", ")
            ),
            span,
        );
        return false;
    }
    if action == SetNull && fields_required {
        let message = "The `onDelete` referential action of a relation should not be set to `SetNull` when a referenced field is required. We recommend either to choose another referential action, or to make the referenced fields optional. Read more at https://pris.ly/d/postgres-set-null";
        if ctx.relation_mode == RelationMode::Prisma {
            ctx.diags.error(codes::SET_NULL_ON_REQUIRED, format!("Error validating: {message}"), span);
            return false;
        }
        ctx.diags.warning(codes::SET_NULL_ON_REQUIRED_WARNING, message, span);
    }
    if action == SetDefault && ctx.is_provider(Provider::MySql) && ctx.relation_mode == RelationMode::ForeignKeys {
        ctx.diags.warning(
            codes::SET_DEFAULT_ON_MYSQL,
            "MySQL does not actually support the `SetDefault` referential action, so using it may result in unexpected errors. Read more at https://pris.ly/d/mysql-set-default",
            span,
        );
    }
    true
}
