//! Render: reviews -> in-memory pages.
