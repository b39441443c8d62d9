//! Delegates registrations, visas and reminders (`RegistrationStore`) to `db::registrations`.

macro_rules! impl_registrations_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl hackboard_app::server::RegistrationStore for $store {
            async fn update_registration(
                &self,
                event_id: i64,
                key: hackboard_app::server::RegistrationKey,
                change: &hackboard_app::server::RegistrationChange,
                now: i64,
                announce: hackboard_app::server::AnnounceRegistration,
            ) -> Result<hackboard_app::server::RegistrationUpdate, StoreError> {
                let notify = &self.notify;
                super::registrations::update_registration(
                    &self.pool, notify, event_id, key, change, now, announce,
                )
                .await
            }

            async fn update_registration_settings(
                &self,
                event_id: i64,
                settings: hackboard_app::server::RegistrationSettings,
                now: i64,
                announce: hackboard_app::server::AnnounceRegistration,
            ) -> Result<Vec<hackboard_app::server::StoredRegistration>, StoreError> {
                let notify = &self.notify;
                super::registrations::update_registration_settings(
                    &self.pool, notify, event_id, settings, now, announce,
                )
                .await
            }

            async fn find_registration_settings(
                &self,
                event_id: i64,
            ) -> Result<Option<hackboard_app::server::RegistrationSettings>, StoreError> {
                super::registrations::find_registration_settings(&self.pool, event_id).await
            }

            async fn find_registration(
                &self,
                event_id: i64,
                key: hackboard_app::server::RegistrationKey,
            ) -> Result<Option<hackboard_app::server::StoredRegistration>, StoreError> {
                super::registrations::find_registration(&self.pool, event_id, key).await
            }

            async fn list_registrations(
                &self,
                event_id: i64,
            ) -> Result<Vec<hackboard_app::server::StoredRegistration>, StoreError> {
                super::registrations::list_registrations(&self.pool, event_id).await
            }

            async fn count_attendance(
                &self,
                event_id: i64,
            ) -> Result<hackboard_app::model::AttendanceCounts, StoreError> {
                super::registrations::count_attendance(&self.pool, event_id).await
            }

            async fn update_registration_mark(
                &self,
                event_id: i64,
                mark: &hackboard_app::server::RegistrationMark,
                now: i64,
                announce: hackboard_app::server::AnnounceRegistration,
            ) -> Result<Option<hackboard_app::server::StoredRegistration>, StoreError> {
                let notify = &self.notify;
                super::registrations::update_registration_mark(
                    &self.pool, notify, event_id, mark, now, announce,
                )
                .await
            }

            async fn list_registration_history(
                &self,
                event_id: i64,
            ) -> Result<Vec<(i64, hackboard_app::model::HistoryLine)>, StoreError> {
                super::registrations::list_registration_history(&self.pool, event_id).await
            }

            async fn list_due_reminders(
                &self,
                from: chrono::NaiveDate,
                until: chrono::NaiveDate,
            ) -> Result<Vec<(String, i64)>, StoreError> {
                super::registrations::list_due_reminders(&self.pool, from, until).await
            }

            async fn update_reminder_sent(
                &self,
                registration_id: i64,
                token_hash: &str,
                now: i64,
            ) -> Result<hackboard_app::server::ReminderClaim, StoreError> {
                super::registrations::update_reminder_sent(
                    &self.pool,
                    registration_id,
                    token_hash,
                    now,
                )
                .await
            }

            async fn find_registration_by_release_token(
                &self,
                token_hash: &str,
            ) -> Result<Option<hackboard_app::server::StoredRegistration>, StoreError> {
                super::registrations::find_registration_by_release_token(&self.pool, token_hash)
                    .await
            }

            async fn update_visa_details(
                &self,
                registration_id: i64,
                details: &hackboard_app::model::VisaDetails,
                now: i64,
            ) -> Result<(), StoreError> {
                super::registrations::update_visa_details(&self.pool, registration_id, details, now)
                    .await
            }

            async fn find_visa_letter(
                &self,
                registration_id: i64,
            ) -> Result<Option<hackboard_app::model::VisaLetter>, StoreError> {
                let statement = super::registrations::visa_letter();
                let letters = super::registrations::list_visa_letters(
                    &self.pool,
                    &statement,
                    registration_id,
                )
                .await?;
                Ok(letters.into_iter().next().map(|(_, letter)| letter))
            }

            async fn list_visa_letters(
                &self,
                event_id: i64,
            ) -> Result<Vec<(i64, hackboard_app::model::VisaLetter)>, StoreError> {
                let statement = super::registrations::visa_letters_of_event();
                super::registrations::list_visa_letters(&self.pool, &statement, event_id).await
            }

            async fn delete_visa_details(
                &self,
                ended_before: chrono::NaiveDate,
            ) -> Result<(), StoreError> {
                super::registrations::delete_visa_details(&self.pool, ended_before).await
            }
        }
    };
}
pub(crate) use impl_registrations_store;
