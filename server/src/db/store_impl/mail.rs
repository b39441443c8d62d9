//! Delegates the outbox (`MailStore`) to `db::mail`.

macro_rules! impl_mail_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl hackboard_app::server::MailStore for $store {
            async fn insert_mail(
                &self,
                mail: &Mail,
                now: i64,
                retry_at: Option<i64>,
            ) -> Result<i64, StoreError> {
                super::mail::insert_mail(&self.pool, mail, now, retry_at).await
            }

            async fn update_mail_sent(&self, id: i64, at: i64) -> Result<(), StoreError> {
                super::mail::update_mail_sent(&self.pool, id, at).await
            }

            async fn update_mail_failed(
                &self,
                id: i64,
                error: &str,
                retry_at: Option<i64>,
            ) -> Result<(), StoreError> {
                super::mail::update_mail_failed(&self.pool, id, error, retry_at).await
            }

            async fn lease_due_mail(
                &self,
                now: i64,
                lease_until: i64,
                limit: u32,
            ) -> Result<Vec<DueMail>, StoreError> {
                super::mail::lease_due_mail(&self.pool, now, lease_until, limit).await
            }

            async fn list_mail(&self, limit: u32) -> Result<Vec<OutboxMail>, StoreError> {
                super::mail::list_mail(&self.pool, limit).await
            }
        }
    };
}
pub(crate) use impl_mail_store;
