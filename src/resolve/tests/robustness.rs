//! Inputs built to make a careless resolver hang, overflow or panic.

use super::run;

#[test]
fn a_long_typedef_chain_resolves() {
    let mut text = String::from("typedef i64 T0\n");
    for i in 1..5000 {
        text.push_str(&format!("typedef T{} T{i}\n", i - 1));
    }
    text.push_str("const T4999 X = 1\n");
    let run = run(&text);
    let program = run.program();
    assert_eq!(
        super::const_value(program, "X"),
        &crate::model::ConstValue::Int(1)
    );
}

#[test]
fn a_long_typedef_cycle_is_reported_once() {
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!("typedef T{} T{i}\n", (i + 1) % 3000));
    }
    let run = run(&text);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].3.starts_with("typedef cycle: T0 -> T1 -> T2"));
}

#[test]
fn mutually_referring_constants_are_errors() {
    let run = run("const i32 A = B\nconst i32 B = A\nconst list<i32> L = [L]\n");
    let messages: Vec<String> = run.errors().into_iter().map(|e| e.3).collect();
    assert!(
        messages.contains(&"constant cycle: A -> B -> A".to_string()),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"constant cycle: L -> L".to_string()),
        "{messages:?}"
    );
}

#[test]
fn a_long_chain_of_constant_references_is_cut_off_without_overflow() {
    let mut text = String::new();
    for i in 0..1000 {
        text.push_str(&format!("const i32 C{i} = C{}\n", i + 1));
    }
    text.push_str("const i32 C1000 = 1\n");
    let run = run(&text);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.3 == "constants refer to constants too deeply")
    );
}

#[test]
fn exponentially_expanding_constants_stop_at_the_budget() {
    let mut text = String::from("const list<i32> L0 = [1, 2, 3, 4, 5, 6, 7, 8]\n");
    let mut ty = String::from("list<i32>");
    for i in 1..9 {
        ty = format!("list<{ty}>");
        let p = i - 1;
        text.push_str(&format!(
            "const {ty} L{i} = [L{p}, L{p}, L{p}, L{p}, L{p}, L{p}, L{p}, L{p}]\n"
        ));
    }
    let run = run(&text);
    assert!(
        run.errors()
            .iter()
            .any(|e| e.3 == "constant is too large to evaluate")
    );
}

#[test]
fn a_huge_list_constant_evaluates() {
    let items: Vec<String> = (0..100_000).map(|i| i.to_string()).collect();
    let run = run(&format!("const list<i64> L = [{}]\n", items.join(", ")));
    let program = run.program();
    let crate::model::ConstValue::List(values) = super::const_value(program, "L") else {
        panic!("a list")
    };
    assert_eq!(values.len(), 100_000);
    assert_eq!(values[99_999], crate::model::ConstValue::Int(99_999));
}
