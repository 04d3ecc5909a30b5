//! Breaks a line that is too wide (more than [`MAX_WIDTH`] columns with its
//! indentation) the way rustfmt would: argument and parameter lists one
//! per line with a trailing comma, the right side of `=` on the next line,
//! a closure body that does not fit in a block, a chain one call per line,
//! generic arguments one per line.
//!
//! It only sees lines the layout has already made (one statement, field or
//! match arm each), and only those too wide, so it costs nothing on most
//! of the output. It knows a handful of rustfmt's rules, the ones
//! generated code needs, not rustfmt: what it cannot break it leaves as
//! it is.

use rustc_hash::FxHashMap;
use std::cell::RefCell;

use super::rules;
use super::scan::{self, Stops};

/// rustfmt's default `max_width`.
pub(super) const MAX_WIDTH: usize = 100;
const INDENT: usize = 4;
/// rustfmt's `short_array_element_width_threshold`: arguments this short
/// and simple are packed on one line when a list is broken.
const SHORT_ITEM: usize = 10;
/// rustfmt's `array_width`.
const ARRAY_WIDTH: usize = 60;
/// rustfmt's `fn_call_width`.
const FN_CALL_WIDTH: usize = 60;

/// Lines being built: each starts with its indentation.
struct Lines {
    lines: Vec<String>,
    /// A match arm's body was put in a block that the line's open `{`
    /// is inside: the layout must close it (see [`Wrapped::opens_block`]).
    opens_block: bool,
}

/// What [`wrap`] did to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wrapped {
    /// Nothing: the line fits or cannot be broken.
    No,
    /// Broke it into several lines.
    Yes,
    /// Broke it and put the body of a match arm ending in ` {` (a struct
    /// literal) in a block: `pat => {` then `Name {`. The lines up to
    /// the one closing that `{` are indented once more, and that line
    /// closes the block as well (without the arm's comma).
    OpensBlock,
}

impl Lines {
    fn width(&self) -> usize {
        self.lines.last().map_or(0, |l| width(l))
    }

    fn push(&mut self, s: &str) {
        if let Some(last) = self.lines.last_mut() {
            last.push_str(s);
        }
    }

    fn newline(&mut self, indent: usize) {
        self.lines.push(indented(indent, ""));
    }

    /// Runs `f` on a copy of the current line and keeps the lines it
    /// makes when none is too wide.
    fn attempt(&mut self, f: impl FnOnce(&mut Lines)) -> bool {
        match self.trial(f) {
            Some(trial) => {
                self.commit(trial);
                true
            }
            None => false,
        }
    }

    /// The lines `f` makes from a copy of the current line, when none is
    /// too wide; nothing changes until they are [committed](Self::commit).
    fn trial(&self, f: impl FnOnce(&mut Lines)) -> Option<Lines> {
        let mut trial = Lines {
            lines: vec![indented(0, self.lines.last().map_or("", String::as_str))],
            opens_block: self.opens_block,
        };
        f(&mut trial);
        trial.lines.iter().all(|l| fits_width(l)).then_some(trial)
    }

    /// Puts a [trial](Self::trial)'s lines in place of the current line.
    fn commit(&mut self, mut trial: Lines) {
        self.lines.pop();
        self.lines.append(&mut trial.lines);
        self.opens_block = trial.opens_block;
    }

    /// Nothing but indentation is on the current line yet.
    fn at_line_start(&self) -> bool {
        self.lines.last().is_none_or(|l| l.trim_start().is_empty())
    }

    /// The first line of what `self` holds.
    fn first(&self) -> &str {
        self.lines.first().map_or("", String::as_str)
    }

    fn fits(&self, s: &str, suffix: usize) -> bool {
        self.width() + width(s) + suffix <= MAX_WIDTH && one_line_ok(s)
    }
}

/// A new line holding `text` after `depth` levels of indentation, with
/// room for a line's width: lines are built piece by piece.
fn indented(depth: usize, text: &str) -> String {
    let mut line = String::with_capacity(MAX_WIDTH + 32 + text.len());
    rules::push_indent(&mut line, depth);
    line.push_str(text);
    line
}

/// Columns rustfmt keeps free on a line beyond its width (measured,
/// rustfmt 1.9): a statement or a `let` whose expression is a chain
/// ending in `?` stays whole up to 98 columns, a match arm opening a
/// struct literal (`pat => Name {`) up to 99 (the arm's comma).
fn reserved(s: &str, depth: usize) -> usize {
    if s.ends_with(" {")
        && !s.ends_with("=> {")
        && memchr::memmem::find(s.as_bytes(), b" => ").is_some()
    {
        return 1;
    }
    if s.ends_with(';') && is_fn_header(s) {
        return usize::from(declaration_breaks_before_arrow(s, depth * INDENT));
    }
    let body = s.trim_end_matches([';', ',']);
    if !body.ends_with('?') {
        return 0;
    }
    let expr = match s.strip_prefix("let ").and_then(|_| find_top(body, " = ")) {
        Some(eq) => &body[eq + 3..],
        None => body,
    };
    try_penalty(expr)
}

/// What [`reserved`] keeps free after `expr`: two columns for a chain
/// ending in `?`.
fn try_penalty(expr: &str) -> usize {
    2 * usize::from(expr.ends_with('?') && chain_links(expr).len() > 1)
}

/// rustfmt's `struct_lit_width`: a struct literal with wider fields is
/// never on one line.
const STRUCT_LIT_WIDTH: usize = 18;

/// No struct literal in `s` is too wide for one line, and no call's
/// arguments (rustfmt's `fn_call_width`, which a last closure escapes).
fn one_line_ok(s: &str) -> bool {
    if s.len() > FN_CALL_WIDTH && (!call_args_ok(s) || !chain_ok(s)) {
        return false;
    }
    if !s.contains('{') {
        return true;
    }
    let bytes = s.as_bytes();
    let mut ok = true;
    walk(s, &OPEN_BRACES, |i, b| {
        if b == b'{' && struct_lit_brace(bytes, i) {
            let inner = closing(s, i).map_or(0, |close| s[i + 1..close].trim().len());
            ok &= inner <= STRUCT_LIT_WIDTH;
        }
    });
    ok
}

/// rustfmt's `chain_width`: a chain of two links or more after its
/// parent is on one line only when at most this wide.
const CHAIN_WIDTH: usize = 60;

/// `s`, when it is a chain of two links or more after its parent, is at
/// most [`CHAIN_WIDTH`] wide; a last link broken over lines counts with
/// its first line.
fn chain_ok(s: &str) -> bool {
    if memchr::memchr_iter(b'.', s.as_bytes()).nth(1).is_none() {
        return true;
    }
    let links = chain_links(s);
    // The parent is one expression, not a statement holding the chain.
    if links.len() < 3 || find_top(links[0], " ").is_some() {
        return true;
    }
    let last = links[links.len() - 1];
    let head: usize = links[..links.len() - 1].iter().map(|l| width(l)).sum();
    let tries = last.len() - last.trim_end_matches('?').len();
    // A last link that ends in a block (a closure's) counts up to it.
    let last_first_line = match last.find("| {") {
        Some(at) => at + 3,
        None => width(last) - tries,
    };
    head + tries + last_first_line <= CHAIN_WIDTH
}

/// A line that fits may still hold a chain rustfmt breaks for
/// [`CHAIN_WIDTH`]: the expression after its `=` or `=>`, or itself.
fn holds_wide_chain(line: &str) -> bool {
    if line.len() <= CHAIN_WIDTH || memchr::memchr_iter(b'.', line.as_bytes()).nth(1).is_none() {
        return false;
    }
    let body = line.strip_suffix(" {").unwrap_or(line);
    let body = body.trim_end_matches([';', ',']);
    let body = match find_top(body, " => ").or_else(|| find_top(body, " = ")) {
        Some(at) => body[at..].trim_start_matches([' ', '=', '>']),
        None => body,
    };
    let body = body.strip_prefix("return ").unwrap_or(body);
    let body = body.strip_prefix("if ").unwrap_or(body);
    !chain_ok(body)
}

/// Every parenthesised list in `s` is at most [`FN_CALL_WIDTH`] wide, or
/// ends in a closure.
fn call_args_ok(s: &str) -> bool {
    let mut ok = true;
    walk(s, &OPEN_PARENS, |i, _| {
        if ok
            && let Some(close) = closing(s, i)
            && width(&s[i + 1..close]) > FN_CALL_WIDTH
        {
            let last = split_commas(&s[i + 1..close]).pop().unwrap_or_default();
            ok = last.starts_with('|') || last.starts_with("move |");
        }
    });
    ok
}

/// The `{` at `i` opens a struct literal: a type name and a space before.
fn struct_lit_brace(bytes: &[u8], i: usize) -> bool {
    let Some(before) = bytes[..i].strip_suffix(b" ") else {
        return false;
    };
    let name = before
        .iter()
        .rev()
        .take_while(|&&b| scan::is_ident_byte(b))
        .count();
    before[before.len() - name..]
        .first()
        .is_some_and(u8::is_ascii_uppercase)
}

/// `[&]Name { fields }`: where its `{` is.
fn struct_literal(e: &str) -> Option<usize> {
    let brace = e.find(" {")? + 1;
    let head = e[..brace - 1].trim_start_matches('&');
    let is_path = !head.is_empty() && head.bytes().all(|b| scan::is_ident_byte(b) || b == b':');
    (is_path && struct_lit_brace(e.as_bytes(), brace) && closing(e, brace) == Some(e.len() - 1))
        .then_some(brace)
}

/// A struct literal, one field per line.
fn struct_lit(w: &mut Lines, e: &str, brace: usize, depth: usize) {
    w.push(&e[..=brace]);
    for f in split_commas(&e[brace + 1..e.len() - 1]) {
        w.newline(depth + 1);
        match field_colon(f) {
            Some(colon) => {
                w.push(&f[..=colon]);
                w.push(" ");
                expr(w, f[colon + 1..].trim_start(), depth + 1, 1);
            }
            None => w.push(f),
        }
        w.push(",");
    }
    w.newline(depth);
    w.push("}");
}

/// A built line is within [`MAX_WIDTH`], or is one string literal (and
/// closing punctuation) on its own: rustfmt (edition 2024) never breaks
/// a literal and lets such a line overflow.
fn fits_width(line: &str) -> bool {
    width(line) <= MAX_WIDTH || lone_literal(line.trim_start())
}

/// `s` is a string literal followed by nothing but `)`, `]`, `}`, `,`,
/// `;` and `?`.
fn lone_literal(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() != Some(&b'"') {
        return false;
    }
    let j = quoted_end(bytes, 0);
    j < bytes.len()
        && bytes[j + 1..]
            .iter()
            .all(|b| matches!(b, b')' | b']' | b'}' | b',' | b';' | b'?'))
}

/// Where the quote closing the string or char literal opened by the quote
/// at `open` is (escapes skipped); at or past the end when it does not
/// close.
fn quoted_end(bytes: &[u8], open: usize) -> usize {
    let quote = bytes[open];
    let mut j = open + 1;
    while j < bytes.len() && bytes[j] != quote {
        j += if bytes[j] == b'\\' { 2 } else { 1 };
    }
    j
}

/// Columns a piece of code takes (rustfmt counts characters).
fn width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// The line (trimmed, without indentation) at `depth` broken into
/// several, each indented and ending in `\n`, appended to `out`;
/// `Wrapped::No` (and nothing written) when it fits or cannot be broken.
pub(super) fn wrap(depth: usize, line: &str, out: &mut String) -> Wrapped {
    // Bytes first: most lines are short, and never narrower in characters.
    let fits = depth * INDENT + line.len() + 2 <= MAX_WIDTH
        || depth * INDENT + width(line) + reserved(line, depth) <= MAX_WIDTH;
    // A struct literal the layout kept whole in a call may be too wide
    // for one line by rustfmt's `struct_lit_width` alone.
    // (A quick test first: the literal's ` }` is the line's last `}`.)
    let may_hold_literal = || {
        line.len() > STRUCT_LIT_WIDTH + 4
            && memchr::memrchr(b'}', line.as_bytes())
                .is_some_and(|p| p > 0 && line.as_bytes()[p - 1] == b' ')
    };
    // (Comments are tested first as they are many and cheap to tell.)
    if (fits && (!may_hold_literal() || one_line_ok(line)) && !holds_wide_chain(line))
        || line.starts_with("//")
    {
        return Wrapped::No;
    }
    WRAPPED.with_borrow_mut(|known| {
        if known.len() <= depth {
            // Sized for a large file's distinct wide lines at a depth, as
            // growing rehashes them all.
            known.resize_with(depth + 1, || {
                FxHashMap::with_capacity_and_hasher(1 << 9, Default::default())
            });
        }
        let at_depth = &mut known[depth];
        // Known lines skip the bracket count of `wrappable` as well (and
        // are looked up without copying the line).
        if let Some((wrapped, text)) = at_depth.get(line) {
            out.push_str(text);
            return *wrapped;
        }
        if at_depth.len() >= MAX_KNOWN {
            at_depth.clear();
        }
        let (wrapped, text) = match wrappable(line) {
            true => break_line(depth, line),
            false => (Wrapped::No, String::new()),
        };
        out.push_str(&text);
        at_depth.insert(line.to_owned(), (wrapped, text));
        wrapped
    })
}

thread_local! {
    /// What [`break_line`] made of each line wrapped on this thread, by
    /// depth, then text. Generated code repeats wide lines (every method's
    /// result decodes the same exceptions), and trying every way to break
    /// one costs tens of times more than a lookup, most of all for the
    /// lines that cannot be broken at all.
    static WRAPPED: RefCell<Vec<FxHashMap<String, (Wrapped, String)>>> =
        const { RefCell::new(Vec::new()) };
}

/// A bound on [`WRAPPED`] at one depth, for threads that lay out much code.
const MAX_KNOWN: usize = 1 << 14;

/// [`wrap`] for a line that is too wide: the lines it breaks into, or
/// `Wrapped::No` and nothing.
fn break_line(depth: usize, line: &str) -> (Wrapped, String) {
    let mut lines = Lines {
        lines: vec![indented(depth, "")],
        opens_block: false,
    };
    statement(&mut lines, line, depth);
    // What does not fit even broken is left as written, as rustfmt
    // leaves a statement it cannot fit.
    // (A return type may reach past it; see `fn_header`.)
    let too_wide = |l: &String| {
        !fits_width(l) && (width(l) > MAX_WIDTH + 3 || !l.trim_start().starts_with(") -> "))
    };
    if lines.lines.len() < 2 || lines.lines.iter().any(too_wide) {
        return (Wrapped::No, String::new());
    }
    let mut text = String::with_capacity(lines.lines.iter().map(|l| l.len() + 1).sum());
    for l in &lines.lines {
        text.push_str(l);
        text.push('\n');
    }
    let wrapped = if lines.opens_block {
        Wrapped::OpensBlock
    } else {
        Wrapped::Yes
    };
    (wrapped, text)
}

/// Comments, attributes and lines that start or end inside brackets
/// opened elsewhere are left alone (only a final ` {` may stay open).
fn wrappable(line: &str) -> bool {
    if line.starts_with("//") || line.starts_with("#") || has_comment(line) {
        return false;
    }
    let body = line.strip_suffix(" {").unwrap_or(line);
    balanced(body)
}

/// `s` holds a comment (`//` or `/*` outside literals: `"///"` is none).
fn has_comment(s: &str) -> bool {
    if memchr::memchr(b'/', s.as_bytes()).is_none() {
        return false;
    }
    let bytes = s.as_bytes();
    walk_until(s, &SLASHES, |i, _| {
        matches!(bytes.get(i + 1), Some(b'/' | b'*'))
    })
    .map_or(true, |found| found.is_some())
}

/// Every bracket in `s` closes in `s`, and `s` ends outside literals.
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    let mut ok = true;
    let end = walk(s, &BRACKETS, |_, b| match b {
        b'(' | b'[' | b'{' => depth += 1,
        b')' | b']' | b'}' => {
            depth -= 1;
            ok &= depth >= 0;
        }
        _ => {}
    });
    ok && depth == 0 && end
}

/// The bytes a walk stops at besides quotes (where literals start): the
/// ones its callback acts on. The others are skipped a table lookup each.
const fn walk_stops(acted_on: &[u8]) -> Stops {
    let mut table = scan::stops(acted_on);
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
}

const BRACKETS: Stops = walk_stops(b"()[]{}");
const OPEN_BRACES: Stops = walk_stops(b"{");
const SLASHES: Stops = walk_stops(b"/");
const OPEN_PARENS: Stops = walk_stops(b"(");
/// [`top_level`]'s brackets, generics' included; plus the byte it looks for.
const TOP_LEVEL: Stops = walk_stops(b"()[]{}<>");

/// Calls `f(position, byte)` for each byte of `s` in code (not inside
/// string or char literals) that is in `stops`; returns whether `s` ends
/// in code.
fn walk(s: &str, stops: &Stops, mut f: impl FnMut(usize, u8)) -> bool {
    walk_until(s, stops, |i, b| {
        f(i, b);
        false
    })
    .is_ok()
}

/// [`walk`] until `f` returns `true`: `Ok(Some(position))` then, else
/// `Ok(None)`, or `Err(())` when `s` ends inside a literal.
fn walk_until(
    s: &str,
    stops: &Stops,
    mut f: impl FnMut(usize, u8) -> bool,
) -> Result<Option<usize>, ()> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        i = scan::skip_to(bytes, i, stops);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match b {
            b'"' => {
                let raw = scan::raw_string_start(bytes, i);
                match raw {
                    Some(scan::Lexeme::RawStr(hashes)) => {
                        let mut j = i + 1;
                        while j < bytes.len()
                            && !(bytes[j] == b'"' && scan::closes_raw(bytes, j, hashes))
                        {
                            j += 1;
                        }
                        if j >= bytes.len() {
                            return Err(());
                        }
                        i = j + 1 + hashes;
                    }
                    _ => {
                        let j = quoted_end(bytes, i);
                        if j >= bytes.len() {
                            return Err(());
                        }
                        i = j + 1;
                    }
                }
                continue;
            }
            b'\'' if scan::is_char_literal(bytes, i) => {
                i = quoted_end(bytes, i) + 1;
                continue;
            }
            _ => {
                if f(i, b) {
                    return Ok(Some(i));
                }
            }
        }
        i += 1;
    }
    Ok(None)
}

/// Positions in `s` at bracket depth 0 (generics `<>` count as brackets)
/// where `pred` holds for the byte there; only the first when `first`.
/// `pred` sees only brackets and `wanted`, the byte it looks for.
fn top_level(
    s: &str,
    first: bool,
    wanted: u8,
    mut pred: impl FnMut(usize, u8) -> bool,
) -> Vec<usize> {
    let mut stops = TOP_LEVEL;
    stops[usize::from(wanted)] = true;
    let bytes = s.as_bytes();
    let mut depth = 0i32;
    let mut angle: Vec<i32> = Vec::new();
    let mut hits = Vec::new();
    let _ = walk_until(s, &stops, |i, b| {
        let at = depth;
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b'<' if i > 0 && (scan::is_ident_byte(bytes[i - 1]) || bytes[i - 1] == b':') => {
                angle.push(depth);
                depth += 1;
            }
            b'>' if angle.last() == Some(&(depth - 1)) && !matches!(bytes[i - 1], b'-' | b'=') => {
                angle.pop();
                depth -= 1;
            }
            _ => {}
        }
        // An opening bracket is at its outer depth, a closing one too.
        if at.min(depth) == 0 && pred(i, b) {
            hits.push(i);
            return first;
        }
        false
    });
    hits
}

/// `s` split at its top-level commas, each piece trimmed; a trailing comma
/// makes no empty last piece.
fn split_commas(s: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for i in top_level(s, false, b',', |_, b| b == b',') {
        pieces.push(s[start..i].trim());
        start = i + 1;
    }
    let last = s[start..].trim();
    if !last.is_empty() {
        pieces.push(last);
    }
    pieces
}

/// The position of the bracket closing the one at `open`.
fn closing(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0i32;
    let found = walk_until(&s[open..], &BRACKETS, |_, b| {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            _ => return false,
        }
        depth == 0
    });
    found.ok().flatten().map(|i| open + i)
}

/// The first top-level occurrence of `pat` in `s`.
fn find_top(s: &str, pat: &str) -> Option<usize> {
    if !s.contains(pat) {
        return None;
    }
    let bytes = s.as_bytes();
    let first = pat.as_bytes()[0];
    top_level(s, true, first, |i, b| {
        b == first && bytes[i..].starts_with(pat.as_bytes())
    })
    .first()
    .copied()
}

/// One line of the layout: a statement, item header, field or match arm.
fn statement(w: &mut Lines, line: &str, depth: usize) {
    let (body, open_brace) = match line.strip_suffix(" {") {
        Some(body) => (body, true),
        None => (line, false),
    };
    let (body, end) = match body.as_bytes().last() {
        Some(b';' | b',') if !open_brace => (&body[..body.len() - 1], &body[body.len() - 1..]),
        _ => (body, ""),
    };
    let end = if open_brace { " {" } else { end };
    if is_fn_header(body) {
        return fn_header(w, body, end, depth);
    }
    if let Some(rest) = body
        .strip_prefix("if let ")
        .or(body.strip_prefix("while let "))
    {
        if open_brace {
            return if_let(w, body, rest, depth);
        }
    }
    if open_brace {
        if let Some(arrow) = find_top(body, " => ") {
            return arm_opening(w, &body[..arrow], &body[arrow + 4..], depth);
        }
        if let Some(condition) = body.strip_prefix("if ")
            && !condition.starts_with("let ")
        {
            return if_condition(w, condition, depth);
        }
        if body.starts_with("impl") {
            return impl_header(w, body, depth);
        }
        w.push(body);
        w.push(end);
        return;
    }
    if let Some(eq) = find_top(body, " = ")
        && !body[..eq].contains(" => ")
    {
        return assignment(w, &body[..eq], &body[eq + 3..], end, depth);
    }
    if let Some(arrow) = find_top(body, " => ") {
        return arm(w, &body[..arrow], &body[arrow + 4..], end, depth);
    }
    if let Some(rest) = body.strip_prefix("return ") {
        w.push("return ");
        expr(w, rest, depth, width(end));
        w.push(end);
        return;
    }
    if let Some(colon) = field_colon(body) {
        return field(
            w,
            &body[..colon],
            body[colon + 1..].trim_start(),
            end,
            depth,
        );
    }
    expr(w, body, depth, width(end));
    w.push(end);
}

fn is_fn_header(s: &str) -> bool {
    let s = s.strip_prefix("pub ").unwrap_or(s);
    let s = s.strip_prefix("async ").unwrap_or(s);
    s.starts_with("fn ")
}

/// Measured (rustfmt 1.9): a function declaration `fn f(a, b) -> T;`
/// exactly 100 columns wide (at `indent`) keeps its parameters on the line
/// and puts `-> T;` on the next; one column wider, it breaks them one per
/// line, and with a single parameter it stays whole.
fn declaration_breaks_before_arrow(decl: &str, indent: usize) -> bool {
    let Some(open) = decl.find('(') else {
        return false;
    };
    let Some(close) = closing(decl, open) else {
        return false;
    };
    indent + width(decl) == MAX_WIDTH
        && decl[close..].starts_with(") -> ")
        && find_top(&decl[open + 1..close], ", ").is_some()
}

/// `fn name(params) -> ret`: parameters one per line.
fn fn_header(w: &mut Lines, header: &str, end: &str, depth: usize) {
    let Some(open) = header.find('(') else {
        w.push(header);
        w.push(end);
        return;
    };
    let Some(close) = closing(header, open) else {
        w.push(header);
        w.push(end);
        return;
    };
    if end == ";" && declaration_breaks_before_arrow(&[header, end].concat(), w.width()) {
        w.push(&header[..=close]);
        w.newline(depth);
        w.push(&header[close + 2..]);
        w.push(end);
        return;
    }
    w.push(&header[..=open]);
    for param in split_commas(&header[open + 1..close]) {
        w.newline(depth + 1);
        ty_or_expr(w, param, depth + 1, 1);
        w.push(",");
    }
    w.newline(depth);
    let rest = &header[close..];
    if let Some(ret) = rest.strip_prefix(") -> ") {
        w.push(") -> ");
        // Measured (rustfmt 1.9): the return type stays whole while its
        // line is at most 102 columns, and a body's ` {` stays on it
        // while that line is at most 96; else `{` gets a line of its own.
        if w.width() + width(ret) <= MAX_WIDTH + 2 && one_line_ok(ret) {
            w.push(ret);
            if end == " {" && w.width() + 2 > MAX_WIDTH - 4 {
                w.newline(depth);
                w.push("{");
                return;
            }
        } else {
            ty(w, ret, depth, width(end));
        }
    } else {
        w.push(rest);
    }
    w.push(end);
}

/// `if let PAT = EXPR {` too wide: the `{` on a line of its own, the
/// expression on the next line when the pattern and it do not fit.
fn if_let(w: &mut Lines, header: &str, rest: &str, depth: usize) {
    if w.fits(header, 0) {
        w.push(header);
    } else if let Some(eq) = find_top(rest, " = ") {
        let keyword = &header[..header.len() - rest.len()];
        w.push(keyword);
        w.push(&rest[..eq]);
        w.push(" =");
        w.newline(depth + 1);
        expr(w, &rest[eq + 3..], depth + 1, 0);
    } else {
        w.push(header);
    }
    w.newline(depth);
    w.push("{");
}

/// `if condition {` too wide, or holding a chain too wide for one line:
/// the condition broken, and then the `{` on a line of its own.
fn if_condition(w: &mut Lines, condition: &str, depth: usize) {
    let lines = w.lines.len();
    w.push("if ");
    expr(w, condition, depth, 2);
    if w.lines.len() > lines {
        w.newline(depth);
        w.push("{");
    } else {
        w.push(" {");
    }
}

/// `let pat: T = rhs;` or `place = rhs;`.
fn assignment(w: &mut Lines, lhs: &str, rhs: &str, end: &str, depth: usize) {
    let suffix = width(end);
    if !w.fits(lhs, 2) {
        // The type annotation must break.
        if let Some(colon) = find_top(lhs, ": ") {
            w.push(&lhs[..colon + 2]);
            ty(w, &lhs[colon + 2..], depth, 2);
        } else {
            w.push(lhs);
        }
        w.push(" = ");
        expr(w, rhs, depth, suffix);
        w.push(end);
        return;
    }
    w.push(lhs);
    let penalty = try_penalty(rhs);
    // The right side on the next line when it fits there on one line.
    let next_width = (depth + 1) * INDENT
        + width(rhs)
        + suffix
        + penalty
        + usize::from(!one_line_ok(rhs)) * MAX_WIDTH;
    if next_width <= MAX_WIDTH && !w.fits(rhs, suffix + 3 + penalty) {
        w.push(" =");
        w.newline(depth + 1);
        w.push(rhs);
        w.push(end);
        return;
    }
    // A literal too long for the next line as well stays after the `=`.
    if lone_literal(rhs) {
        w.push(" = ");
        w.push(rhs);
        w.push(end);
        return;
    }
    let same_line = w
        .trial(|w| {
            w.push(" = ");
            expr(w, rhs, depth, suffix);
        })
        // Measured: a closure's block opened on the `=` line leaves four
        // columns.
        .filter(|t| !(t.first().ends_with("| {") && width(t.first()) > MAX_WIDTH - 4));
    let next_line = || {
        w.trial(|w| {
            w.push(" =");
            w.newline(depth + 1);
            expr(w, rhs, depth + 1, suffix);
        })
    };
    match same_line {
        Some(same) => match next_line() {
            Some(next) if prefers_next_line(&same, &next) => w.commit(next),
            _ => w.commit(same),
        },
        None => {
            // Its first line does not fit after `=`.
            w.push(" =");
            w.newline(depth + 1);
            expr(w, rhs, depth + 1, suffix);
        }
    }
    w.push(end);
}

/// rustfmt's choice of a right side broken over lines after `=` (`same`)
/// or starting on the next line (`next`, whose first line is the `=`
/// line): the next line when that saves more than a line, or when only
/// the `=` line ends in an open bracket.
fn prefers_next_line(same: &Lines, next: &Lines) -> bool {
    let same_breaks = same.lines.len() - 1;
    let next_breaks = next.lines.len().saturating_sub(2);
    let next_first = next.lines.get(1).map_or("", String::as_str);
    same_breaks > next_breaks + 1
        || [b'(', b'{', b'['].iter().any(|&b| {
            same.first().as_bytes().last() == Some(&b) && next_first.as_bytes().last() != Some(&b)
        })
}

/// `pat => body,`: the body breaks on the arm's line, or goes in a block
/// when it then fits on one line.
fn arm(w: &mut Lines, pat: &str, body: &str, end: &str, depth: usize) {
    w.push(pat);
    let next_width = (depth + 1) * INDENT + width(body);
    if next_width <= MAX_WIDTH && !w.fits(body, 4 + 1) && !body.starts_with('{') {
        w.push(" => {");
        w.newline(depth + 1);
        expr(w, body, depth + 1, 0);
        w.newline(depth);
        w.push("}");
        return;
    }
    w.push(" => ");
    expr(w, body, depth, 1);
    // A match arm's body always ends in a comma.
    if end.is_empty() && !body.ends_with('}') {
        w.push(",");
    } else {
        w.push(end);
    }
}

/// `pat => Name {` (a struct literal's first line): the pattern broken
/// when it is too wide, else the body in a block of its own.
fn arm_opening(w: &mut Lines, pat: &str, body: &str, depth: usize) {
    // (Nor does the block's ` => {` fit after the pattern.)
    if !w.fits(pat, 5) {
        pattern(w, pat, depth, 5);
        w.push(" => ");
        w.push(body);
        w.push(" {");
    } else if (depth + 1) * INDENT + width(body) + 2 <= MAX_WIDTH {
        w.push(pat);
        w.push(" => {");
        w.newline(depth + 1);
        w.push(body);
        w.push(" {");
        w.opens_block = true;
    } else {
        w.push(pat);
        w.push(" => ");
        w.push(body);
        w.push(" {");
    }
}

/// A pattern: tuple-struct patterns break one field per line (patterns
/// do not overflow as call arguments do).
fn pattern(w: &mut Lines, pat: &str, depth: usize, suffix: usize) {
    if w.fits(pat, suffix) {
        w.push(pat);
        return;
    }
    let (Some(open), true) = (pat.find('('), pat.ends_with(')')) else {
        w.push(pat);
        return;
    };
    if closing(pat, open) != Some(pat.len() - 1) {
        w.push(pat);
        return;
    }
    w.push(&pat[..=open]);
    let fields = split_commas(&pat[open + 1..pat.len() - 1]);
    // A single tuple-struct field breaks on this line, `Err(E::A(` ...
    // `))`, when its `(` leaves room for what closes the line (measured).
    if let [field] = fields[..]
        && field.ends_with(')')
        && field
            .find('(')
            .is_some_and(|inner| w.fits(&field[..=inner], suffix + 1))
        && w.attempt(|w| {
            pattern(w, field, depth, suffix + 1);
            w.push(")");
        })
    {
        return;
    }
    for field in fields {
        w.newline(depth + 1);
        pattern(w, field, depth + 1, 1);
        w.push(",");
    }
    w.newline(depth);
    w.push(")");
}

/// `impl<G> A for B {`: `for B` on a line of its own, then `{`; when
/// `impl<G> A` is too wide as well, `A for B` goes there instead.
fn impl_header(w: &mut Lines, header: &str, depth: usize) {
    let Some(at) = find_top(header, " for ") else {
        w.push(header);
        w.push(" {");
        return;
    };
    let generics_end = header
        .strip_prefix("impl<")
        .and_then(|_| closing_angle(header, 4))
        .filter(|&end| end < at);
    match generics_end {
        Some(end) if !w.fits(&header[..at], 0) => {
            w.push(&header[..=end]);
            w.newline(depth + 1);
            w.push(header[end + 1..].trim_start());
        }
        _ => {
            w.push(&header[..at]);
            w.newline(depth + 1);
            w.push("for ");
            ty(w, &header[at + 5..], depth + 1, 0);
        }
    }
    w.newline(depth);
    w.push("{");
}

/// Where `name: rest` has its colon: a field (declared or in a struct
/// literal) or a parameter.
fn field_colon(s: &str) -> Option<usize> {
    let s2 = s.strip_prefix("pub ").unwrap_or(s);
    let offset = s.len() - s2.len();
    let name_len = s2
        .bytes()
        .take_while(|&b| scan::is_ident_byte(b) || b == b'#')
        .count();
    (name_len > 0 && s2[name_len..].starts_with(": ")).then_some(offset + name_len)
}

/// `name: value` of a struct literal, or `name: Type` of a declaration.
fn field(w: &mut Lines, name: &str, rest: &str, end: &str, depth: usize) {
    let suffix = width(end);
    w.push(name);
    w.push(":");
    let is_type = name.starts_with("pub ") || !rest.contains('(');
    if is_type {
        let next_width = (depth + 1) * INDENT + width(rest) + suffix;
        if next_width <= MAX_WIDTH {
            w.newline(depth + 1);
            w.push(rest);
        } else {
            w.push(" ");
            ty(w, rest, depth, suffix);
        }
    } else {
        w.push(" ");
        expr(w, rest, depth, suffix);
    }
    w.push(end);
}

/// A parameter `name: Type` or a plain expression.
fn ty_or_expr(w: &mut Lines, s: &str, depth: usize, suffix: usize) {
    if w.fits(s, suffix) {
        w.push(s);
    } else if let Some(colon) = field_colon(s) {
        w.push(&s[..colon + 2]);
        ty(w, &s[colon + 2..], depth, suffix);
    } else {
        expr(w, s, depth, suffix);
    }
}

/// A type: its outermost generic arguments one per line when too wide.
fn ty(w: &mut Lines, s: &str, depth: usize, suffix: usize) {
    if w.fits(s, suffix) {
        w.push(s);
        return;
    }
    let bytes = s.as_bytes();
    let Some(open) = (1..s.len())
        .find(|&i| bytes[i] == b'<' && (scan::is_ident_byte(bytes[i - 1]) || bytes[i - 1] == b':'))
    else {
        w.push(s);
        return;
    };
    let Some(close) = closing_angle(s, open) else {
        w.push(s);
        return;
    };
    w.push(&s[..=open]);
    for arg in split_commas(&s[open + 1..close]) {
        w.newline(depth + 1);
        ty(w, arg, depth + 1, 1);
        w.push(",");
    }
    w.newline(depth);
    w.push(&s[close..]);
}

/// The `>` closing the generics opened at `open`.
fn closing_angle(s: &str, open: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0i32;
    (open..s.len()).find(|&i| {
        match bytes[i] {
            b'<' => depth += 1,
            b'>' if !matches!(bytes[i - 1], b'-' | b'=') => depth -= 1,
            _ => {}
        }
        depth == 0
    })
}

/// An expression starting at the end of the current line; `suffix`
/// columns follow it on its last line.
fn expr(w: &mut Lines, e: &str, depth: usize, suffix: usize) {
    // rustfmt's `array_width`: a wider array is broken even if it fits.
    let wide_array = e.starts_with('[') && width(e) > ARRAY_WIDTH + 2;
    // rustfmt's `fn_call_width`, which tuples follow as well.
    let wide_tuple = e.starts_with('(') && width(e) > FN_CALL_WIDTH + 2;
    if w.fits(e, suffix + try_penalty(e)) && !wide_array && !wide_tuple {
        w.push(e);
        return;
    }
    if e.starts_with('|') || e.starts_with("move |") {
        closure(w, e, depth, suffix);
        return;
    }
    if let Some(inner) = e.strip_prefix('[').and_then(|e| e.strip_suffix(']'))
        && closing(e, 0) == Some(e.len() - 1)
    {
        list(w, "[", &split_commas(inner), "]", depth);
        return;
    }
    if let Some(brace) = struct_literal(e) {
        struct_lit(w, e, brace, depth);
        return;
    }
    if let Some(inner) = e.strip_prefix('(').and_then(|e| e.strip_suffix(')'))
        && closing(e, 0) == Some(e.len() - 1)
    {
        list(w, "(", &split_commas(inner), ")", depth);
        return;
    }
    // `vec![...]`: as an array, but rustfmt adds no comma after the last
    // element of a macro's list.
    for vec in ["::std::vec![", "vec!["] {
        if let Some(inner) = e.strip_prefix(vec).and_then(|e| e.strip_suffix(']'))
            && closing(e, vec.len() - 1) == Some(e.len() - 1)
        {
            let items = split_commas(inner);
            w.push(vec);
            for (k, item) in items.iter().enumerate() {
                w.newline(depth + 1);
                expr(w, item, depth + 1, 1);
                if k + 1 < items.len() {
                    w.push(",");
                }
            }
            w.newline(depth);
            w.push("]");
            return;
        }
    }
    let links = chain_links(e);
    // A parent no wider than an indent keeps its first child, where the
    // chain starts its line.
    if links.len() > 2 || (links.len() == 2 && (width(links[0]) > INDENT || !w.at_line_start())) {
        chain(w, &links, depth, suffix);
        return;
    }
    call(w, e, depth, suffix);
}

/// `|params| body`: the body in a block when it does not fit after the
/// parameters (unless it is a block or `match` already).
fn closure(w: &mut Lines, e: &str, depth: usize, suffix: usize) {
    let start = e.find('|').unwrap_or(0);
    let Some(end) = e[start + 1..].find('|').map(|p| start + 1 + p) else {
        w.push(e);
        return;
    };
    let params = &e[..=end];
    let body = e[end + 1..].trim_start();
    if body.starts_with('{') || body.starts_with("match ") {
        w.push(e);
        return;
    }
    // A struct literal body breaks on the closure's line, without a block.
    if let Some(brace) = struct_literal(body) {
        w.push(params);
        w.push(" ");
        struct_lit(w, body, brace, depth);
        return;
    }
    w.push(params);
    w.push(" {");
    w.newline(depth + 1);
    expr(w, body, depth + 1, 0);
    w.newline(depth);
    w.push("}");
    let _ = suffix;
}

/// `a.b(c).d(e)?` split before each top-level `.` that starts a method
/// call or field: `["a", ".b(c)", ".d(e)?"]`.
fn chain_links(e: &str) -> Vec<&str> {
    if memchr::memchr(b'.', e.as_bytes()).is_none() {
        return vec![e];
    }
    let bytes = e.as_bytes();
    let dots = top_level(e, false, b'.', |i, b| {
        b == b'.'
            && i > 0
            && bytes
                .get(i + 1)
                .is_some_and(|&n| n.is_ascii_alphabetic() || n == b'_')
            && (scan::is_ident_byte(bytes[i - 1]) || matches!(bytes[i - 1], b')' | b'?' | b']'))
            && !bytes[..i].ends_with(b"..")
            && !e[..i].bytes().all(|c| c.is_ascii_digit())
    });
    let mut links = Vec::new();
    let mut start = 0;
    for d in dots {
        links.push(&e[start..d]);
        start = d;
    }
    links.push(&e[start..]);
    links
}

/// A chain: each link on its own line when every one then fits, else the
/// links on one line with the last one's arguments broken.
fn chain(w: &mut Lines, links: &[&str], depth: usize, suffix: usize) {
    let (first, rest) = links.split_first().expect("a chain has links");
    let mut parent = (*first).to_owned();
    let mut children = rest;
    // A parent no wider than an indent keeps its first child, where the
    // chain starts its line.
    if width(first) <= INDENT
        && w.at_line_start()
        && let Some((child, more)) = rest.split_first()
    {
        parent.push_str(child);
        children = more;
    }
    let own_line = (depth + 1) * INDENT;
    // Measured: a last link ending in `?` on its own line needs two
    // columns more (rustfmt takes the `?`s and the `;` off its width).
    let last_suffix = suffix + usize::from(links.last().is_some_and(|l| l.ends_with('?')));
    let vertical = w.fits(&parent, 0)
        && children.iter().enumerate().all(|(k, c)| {
            own_line
                + width(c)
                + if k + 1 == children.len() {
                    last_suffix
                } else {
                    0
                }
                <= MAX_WIDTH
                && one_line_ok(c)
        });
    let head_len = links[..links.len() - 1]
        .iter()
        .map(|l| l.len())
        .sum::<usize>();
    let joined: String = links.concat();
    let (head, last) = joined.split_at(head_len);
    let overflowed = |w: &mut Lines| {
        w.push(head);
        call(w, last, depth, suffix);
    };
    if vertical && !children.is_empty() {
        // rustfmt keeps the chain on its line with the last call's
        // arguments broken when that takes five lines or more.
        if let Some(long) = w.trial(overflowed).filter(|t| t.lines.len() >= 5) {
            w.commit(long);
            return;
        }
        w.push(&parent);
        for c in children {
            w.newline(depth + 1);
            w.push(c);
        }
        return;
    }
    overflowed(w);
}

/// `callee(args)tail` (the tail is `?`s): the only argument overflowing
/// on the callee's line when it is a closure or a call that starts there,
/// else one argument per line.
fn call(w: &mut Lines, e: &str, depth: usize, suffix: usize) {
    let Some(open) = first_paren(e) else {
        w.push(e);
        return;
    };
    let Some(close) = closing(e, open) else {
        w.push(e);
        return;
    };
    let tail = &e[close + 1..];
    if !tail.bytes().all(|b| b == b'?') {
        w.push(e);
        return;
    }
    let callee = &e[..=open];
    let args = split_commas(&e[open + 1..close]);
    if args.is_empty() {
        w.push(e);
        return;
    }
    let close_suffix = 1 + tail.len() + suffix;
    w.push(callee);
    if args.len() == 1
        && overflows(w, args[0], close_suffix)
        && w.attempt(|w| {
            expr(w, args[0], depth, close_suffix);
            w.push(&e[close..]);
        })
    {
        return;
    }
    list(w, "", &args, &e[close..], depth);
}

/// `open` items `close`, one item per line (several when all are short
/// and simple).
fn list(w: &mut Lines, open: &str, items: &[&str], close: &str, depth: usize) {
    w.push(open);
    // An array's single tuple, array, call or struct literal breaks on
    // the array's line: `from([(` ... `)])`. (A call's single argument
    // overflows by `overflows`.)
    if let [item] = items
        && open == "["
        && combinable(item)
        && w.attempt(|w| {
            expr(w, item, depth, close.len());
            w.push(close);
        })
    {
        return;
    }
    // The items joined by `, `.
    let packed_width =
        items.iter().map(|a| width(a)).sum::<usize>() + 2 * items.len().saturating_sub(1);
    if items.iter().all(|a| is_simple(a) && width(a) <= SHORT_ITEM)
        && (depth + 1) * INDENT + packed_width < MAX_WIDTH
    {
        w.newline(depth + 1);
        for (k, item) in items.iter().enumerate() {
            if k > 0 {
                w.push(", ");
            }
            w.push(item);
        }
        w.push(",");
    } else {
        for item in items {
            w.newline(depth + 1);
            expr(w, item, depth + 1, 1);
            w.push(",");
        }
    }
    w.newline(depth);
    w.push(close);
}

/// What a one-item list may break on its own line: a tuple, an array, a
/// struct literal or a call.
fn combinable(item: &str) -> bool {
    let ends_bracketed = item.ends_with([')', ']', '}']);
    ends_bracketed
        && (item.starts_with(['(', '['])
            || struct_literal(item).is_some()
            || first_paren(item).is_some_and(|open| closing(item, open) == Some(item.len() - 1)))
}

/// The `(` of a call's argument list: the first top-level one after the
/// callee (a `<T as U>::f` qualified path counts as callee).
fn first_paren(e: &str) -> Option<usize> {
    let start = if e.starts_with('<') {
        // `<T as Trait>::f(...)`
        e.find(">::")? + 3
    } else {
        0
    };
    let rel = &e[start..];
    let parens = top_level(rel, true, b'(', |_, b| b == b'(' || b == b'{' || b == b'[');
    let first = *parens.first()?;
    (rel.as_bytes()[first] == b'(').then_some(start + first)
}

/// An argument that may start on the callee's line and break there: a
/// closure, an array, or a call (possibly with `?`) whose own callee fits
/// with the `suffix` columns that close the outer call's line.
fn overflows(w: &Lines, arg: &str, suffix: usize) -> bool {
    if arg.starts_with(['|', '[']) || arg.starts_with("move |") || struct_literal(arg).is_some() {
        return true;
    }
    let Some(open) = first_paren(arg) else {
        return false;
    };
    let Some(close) = closing(arg, open) else {
        return false;
    };
    // Measured: rustfmt overflows a call when its `(` leaves room for
    // what closes the line (`)` of `f(g(`...`))`, 1; `));`, 3); a method
    // call (a chain) goes on a line of its own instead.
    arg[close + 1..].bytes().all(|b| b == b'?')
        && w.fits(&arg[..=open], suffix)
        && chain_links(arg).len() < 2
}

/// A literal, a path or a name (possibly borrowed): what rustfmt packs
/// several to a line.
fn is_simple(s: &str) -> bool {
    let s = s.trim_start_matches('&');
    !s.is_empty()
        && (s
            .bytes()
            .all(|b| scan::is_ident_byte(b) || b == b':' || b == b'.')
            || (s.starts_with('"') && s.ends_with('"') && s.len() > 1))
}

#[cfg(test)]
mod tests;
