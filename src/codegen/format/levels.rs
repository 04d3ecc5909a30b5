//! Indentation levels: one per line that leaves brackets open, however
//! many it opens (`g(S {` indents its contents once, as rustfmt does).

/// Open brackets grouped by the line that opened them: one indentation
/// level per group.
#[derive(Default)]
pub(super) struct Levels {
    /// Brackets still open, per level.
    open: Vec<usize>,
    /// Whether the innermost level was opened on the current line.
    opened_here: bool,
}

impl Levels {
    pub(super) fn depth(&self) -> usize {
        self.open.len()
    }

    pub(super) fn new_line(&mut self) {
        self.opened_here = false;
    }

    /// An opening (`{`, `(`, `[`) or closing bracket.
    pub(super) fn bracket(&mut self, b: u8) {
        match b {
            b'{' | b'(' | b'[' => self.open(),
            _ => self.close(),
        }
    }

    pub(super) fn open(&mut self) {
        match self.open.last_mut() {
            Some(count) if self.opened_here => *count += 1,
            _ => {
                self.open.push(1);
                self.opened_here = true;
            }
        }
    }

    pub(super) fn close(&mut self) {
        if let Some(count) = self.open.last_mut() {
            *count -= 1;
            if *count == 0 {
                self.open.pop();
                self.opened_here = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_opened_on_one_line_make_one_level() {
        let mut levels = Levels::default();
        for &b in b"g(S {" {
            if matches!(b, b'(' | b'{') {
                levels.bracket(b);
            }
        }
        assert_eq!(levels.depth(), 1);
        levels.new_line();
        levels.bracket(b'[');
        assert_eq!(levels.depth(), 2);
        levels.bracket(b']');
        levels.bracket(b'}');
        assert_eq!(levels.depth(), 1);
        levels.bracket(b')');
        assert_eq!(levels.depth(), 0);
        // Closing more than is open is no error.
        levels.close();
        assert_eq!(levels.depth(), 0);
    }
}
