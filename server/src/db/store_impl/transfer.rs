//! Delegates copies, exports and imports of events (`TransferStore`) to `db::transfer`.

macro_rules! impl_transfer_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl hackboard_app::server::TransferStore for $store {
            async fn copy_event(
                &self,
                from_event: i64,
                details: &EventDetails,
                carry_topics: bool,
                now: i64,
            ) -> Result<hackboard_app::server::Copied, StoreError> {
                super::transfer::copy_event(&self.pool, from_event, details, carry_topics, now)
                    .await
            }

            async fn export_event(
                &self,
                event: &hackboard_app::server::StoredEvent,
            ) -> Result<String, StoreError> {
                let archive =
                    super::transfer::export_event(&self.pool, event.id, event.details.clone())
                        .await?;
                serde_json::to_string_pretty(&archive)
                    .map_err(|e| StoreError::new("write the export", e))
            }

            async fn import_event(
                &self,
                json: &str,
            ) -> Result<hackboard_app::server::Imported, StoreError> {
                super::transfer::import_event(&self.pool, json).await
            }
        }
    };
}
pub(crate) use impl_transfer_store;
