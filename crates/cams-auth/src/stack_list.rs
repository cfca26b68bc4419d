//! Small lists kept on the stack: the handful of headers or parameters one request signs.

/// A list of header names on the stack (heap only beyond 24 names).
pub(crate) type NameList<'a> = List<&'a str>;

impl<'a> NameList<'a> {
    pub(crate) fn new() -> Self {
        List::new_with("")
    }
}

/// A small list on the stack (heap only beyond 24 items), sortable: no allocation for the
/// handful of headers a request signs.
pub(crate) struct List<T: Copy + Ord> {
    stack: [T; 24],
    len: usize,
    heap: Vec<T>,
}

impl<T: Copy + Ord> List<T> {
    pub(crate) fn new_with(fill: T) -> Self {
        List {
            stack: [fill; 24],
            len: 0,
            heap: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, n: T) {
        if !self.heap.is_empty() {
            self.heap.push(n);
        } else if self.len < self.stack.len() {
            self.stack[self.len] = n;
            self.len += 1;
        } else {
            self.heap.extend_from_slice(&self.stack);
            self.heap.push(n);
        }
    }

    pub(crate) fn sort(&mut self) {
        if self.heap.is_empty() {
            self.stack[..self.len].sort_unstable();
        } else {
            self.heap.sort_unstable();
        }
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [T] {
        if self.heap.is_empty() {
            &mut self.stack[..self.len]
        } else {
            &mut self.heap
        }
    }

    pub(crate) fn as_slice(&self) -> &[T] {
        if self.heap.is_empty() {
            &self.stack[..self.len]
        } else {
            &self.heap
        }
    }
}
