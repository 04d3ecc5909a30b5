//! `( key = "value", bare; other = 'x' )`.

use pest::iterators::Pair;

use super::{Lower, parts};
use crate::ast::Annotation;
use crate::parse::grammar::Rule;

impl Lower<'_> {
    /// Lowers an `annotations` pair.
    pub(super) fn annotations(&mut self, pair: Pair<'_, Rule>) -> Vec<Annotation> {
        parts(pair).map(|a| self.annotation(a)).collect()
    }

    fn annotation(&mut self, pair: Pair<'_, Rule>) -> Annotation {
        let span = self.span(&pair);
        let mut parts = parts(pair);
        let key = self.ident(&parts.next().expect("grammar: annotation key"));
        let value = parts.next().map(|v| self.string(v));
        Annotation { key, value, span }
    }

    /// The annotations among the remaining `parts` of a pair, if any.
    pub(super) fn trailing_annotations<'i>(
        &mut self,
        parts: impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Vec<Annotation> {
        parts
            .filter(|part| part.as_rule() == Rule::annotations)
            .flat_map(|part| self.annotations(part))
            .collect()
    }
}
