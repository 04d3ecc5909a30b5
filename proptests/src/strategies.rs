//! proptest strategies for every type of `idl/roundtrip.thrift`, written by
//! hand. Sizes stay small (a few elements, shallow recursion) so hundreds
//! of cases run in well under a second in debug builds.

use proptest::collection::{btree_map, btree_set, vec};
use proptest::option;
use proptest::prelude::*;
use thriftgen_runtime::ordered_float::OrderedFloat;
use thriftgen_runtime::uuid::Uuid;

use crate::roundtrip::{
    BinaryOp, Color, Containers, Defaults, Everything, Expr, LooseShape, Oops, RecordV2, Scalars,
    Shape, Tree,
};

/// Elements per generated container.
const LEN: std::ops::Range<usize> = 0..4;

/// Any double but NaN, which is never equal to itself.
pub fn double() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("NaN is not equal to itself", |x| !x.is_nan())
}

pub fn text() -> impl Strategy<Value = String> {
    // Any Unicode, including multi-byte characters.
    any::<String>().prop_map(|s| s.chars().take(12).collect())
}

pub fn bytes() -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), 0..16)
}

pub fn uuid() -> impl Strategy<Value = Uuid> {
    any::<[u8; 16]>().prop_map(Uuid::from_bytes)
}

/// Any i32, so mostly values the IDL does not declare.
pub fn color() -> impl Strategy<Value = Color> {
    prop_oneof![
        Just(Color::RED),
        Just(Color::GREEN),
        Just(Color::BLUE),
        any::<i32>().prop_map(Color),
    ]
}

pub fn scalars() -> impl Strategy<Value = Scalars> {
    (
        (
            any::<bool>(),
            any::<i8>(),
            any::<i16>(),
            any::<i32>(),
            any::<i64>(),
        ),
        (double(), text(), bytes(), uuid(), color(), any::<i64>()),
    )
        .prop_map(
            |((flag, tiny, small, medium, large), (real, text, bytes, id, color, at))| Scalars {
                flag,
                tiny,
                small,
                medium,
                large,
                real,
                text,
                bytes,
                id,
                color,
                at,
            },
        )
}

pub fn defaults() -> impl Strategy<Value = Defaults> {
    (
        (
            any::<i32>(),
            text(),
            option::of(any::<i64>()),
            option::of(double()),
        ),
        (any::<bool>(), vec(text(), LEN), option::of(color())),
        (option::of(scalars()), option::of(scalars()), color()),
    )
        .prop_map(
            |(
                (count, label, maybe, ratio),
                (flag, names, color),
                (nested, default_nested, shade),
            )| {
                Defaults {
                    count,
                    label,
                    maybe,
                    ratio,
                    flag,
                    names,
                    color,
                    nested,
                    default_nested,
                    shade,
                }
            },
        )
}

pub fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        double().prop_map(Shape::Radius),
        vec(any::<i32>(), LEN).prop_map(Shape::Sides),
        text().prop_map(Shape::Name),
        scalars().prop_map(Shape::Custom),
        color().prop_map(Shape::Color),
    ]
}

pub fn containers() -> impl Strategy<Value = Containers> {
    (
        (
            vec(vec(any::<i32>(), LEN), LEN),
            btree_set(text(), LEN),
            btree_map(text(), vec(any::<i64>(), LEN), LEN),
            btree_map(any::<i32>(), btree_map(text(), bytes(), LEN), LEN),
            vec(btree_set(any::<i16>(), LEN), LEN),
        ),
        (
            btree_set(double().prop_map(OrderedFloat), LEN),
            btree_map(color(), scalars(), 0..3),
            vec(shape(), 0..3),
            btree_set(uuid(), LEN),
            btree_map(any::<i8>(), any::<bool>(), LEN),
        ),
    )
        .prop_map(
            |((grid, words, index, nested_maps, sets), (doubles, by_color, shapes, ids, flags))| {
                Containers {
                    grid,
                    words,
                    index,
                    nested_maps,
                    sets,
                    doubles,
                    by_color,
                    shapes,
                    ids,
                    flags,
                }
            },
        )
}

pub fn oops() -> impl Strategy<Value = Oops> {
    (text(), any::<i32>(), option::of(shape())).prop_map(|(message, code, shape)| Oops {
        message,
        code,
        shape,
    })
}

/// Trees a few levels deep, branching through `children` and `left`.
pub fn tree() -> impl Strategy<Value = Tree> {
    let leaf = any::<i32>().prop_map(|value| Tree {
        value,
        children: Vec::new(),
        left: None,
    });
    leaf.prop_recursive(4, 24, 3, |inner| {
        (any::<i32>(), vec(inner.clone(), 0..3), option::of(inner)).prop_map(
            |(value, children, left)| Tree {
                value,
                children,
                left: left.map(Box::new),
            },
        )
    })
}

/// Expressions a few levels deep: `Expr` and `BinaryOp` nest each other.
pub fn expr() -> BoxedStrategy<Expr> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(Expr::Literal),
        text().prop_map(Expr::Variable),
    ];
    leaf.prop_recursive(4, 16, 2, |inner| {
        binary_op_of(inner).prop_map(|op| Expr::Op(Box::new(op)))
    })
    .boxed()
}

pub fn binary_op() -> impl Strategy<Value = BinaryOp> {
    binary_op_of(expr())
}

fn binary_op_of(operand: impl Strategy<Value = Expr> + Clone) -> impl Strategy<Value = BinaryOp> {
    (text(), operand.clone(), operand).prop_map(|(operator, left, right)| BinaryOp {
        operator,
        left: Box::new(left),
        right: Box::new(right),
    })
}

pub fn everything() -> impl Strategy<Value = Everything> {
    (
        option::of(scalars()),
        option::of(defaults()),
        option::of(containers()),
        option::of(shape()),
        option::of(oops()),
        option::of(tree()),
        option::of(expr()),
    )
        .prop_map(
            |(scalars, defaults, containers, shape, oops, tree, expr)| Everything {
                scalars,
                defaults,
                containers,
                shape,
                oops,
                tree,
                expr,
            },
        )
}

/// A `RecordV2` with every extra field present or not, at random.
pub fn record_v2() -> impl Strategy<Value = RecordV2> {
    (
        (any::<i32>(), option::of(text()), vec(any::<i64>(), LEN)),
        (
            option::of(vec(containers(), 0..2)),
            option::of(tree()),
            option::of(btree_map(text(), shape(), 0..3)),
            option::of(double()),
        ),
        (
            option::of(uuid()),
            option::of(oops()),
            option::of(btree_set(vec(text(), 0..3), 0..3)),
            option::of(any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (id, name, trailer),
                (extra_list, extra_tree, extra_map, extra_double),
                (extra_uuid, extra_oops, extra_set, extra_bool),
            )| RecordV2 {
                id,
                extra_list,
                name,
                extra_tree,
                extra_map,
                extra_double,
                extra_uuid,
                extra_oops,
                trailer,
                extra_set,
                extra_bool,
            },
        )
}

/// `Shape`'s fields as a struct, any subset of them set.
pub fn loose_shape() -> impl Strategy<Value = LooseShape> {
    (
        option::of(double()),
        option::of(vec(any::<i32>(), LEN)),
        option::of(text()),
    )
        .prop_map(|(radius, sides, name)| LooseShape {
            radius,
            sides,
            name,
        })
}
