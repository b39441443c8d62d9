//! Server-side sessions in the app's own database, whichever backend it is.
use async_trait::async_trait;
use std::sync::Arc;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The session store of either backend behind one type, for one session layer.
#[derive(Clone, Debug)]
pub struct Sessions(Arc<dyn SessionStore>);

impl Sessions {
    pub fn new(store: impl SessionStore) -> Self {
        Sessions(Arc::new(store))
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.0.create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.0.save(record).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.0.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.0.delete(id).await
    }
}
