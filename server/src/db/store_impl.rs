//! The `Store` of each backend, one impl per feature trait, each method handing its work to
//! the generic function that holds its SQL. A macro rather than one generic impl: sqlx's
//! backend-generic bounds are not implied by a trait's supertraits, so a generic impl would
//! repeat every function's where-clause.

/// Implements `Store` for a backend struct with a `pool` by delegating every method here.
/// Where the backends' SQL differs, each passes its own: the full-text search and the claim
/// of moved vote counts.
macro_rules! impl_store {
    ($store:ty, search: $search:expr, claim_votes: $claim_votes:expr) => {
        #[async_trait::async_trait]
        impl hackboard_app::server::EventStore for $store {
            async fn ping(&self) -> Result<(), StoreError> {
                super::events::ping(&self.pool).await
            }

            async fn list_events(&self) -> Result<Vec<EventCard>, StoreError> {
                super::events::list_events(&self.pool).await
            }

            async fn find_event(&self, slug: &str) -> Result<Option<StoredEvent>, StoreError> {
                super::events::find_event(&self.pool, slug).await
            }

            async fn count_events(&self) -> Result<u64, StoreError> {
                super::events::count_events(&self.pool).await
            }

            async fn insert_event(&self, event: &EventDetails) -> Result<Option<i64>, StoreError> {
                super::events::insert_event(&self.pool, event).await
            }

            async fn update_event(
                &self,
                id: i64,
                revision: i64,
                event: &EventDetails,
                live: &[Outgoing],
            ) -> Result<bool, StoreError> {
                super::events::update_event(&self.pool, id, revision, event, live, &self.notify)
                    .await
            }

            async fn live_since(
                &self,
                event_id: i64,
                after: i64,
                limit: u32,
            ) -> Result<Vec<StoredLive>, StoreError> {
                super::live_log::live_since(&self.pool, event_id, after, limit).await
            }

            async fn is_organiser(&self, event_id: i64, user_id: i64) -> Result<bool, StoreError> {
                super::events::is_organiser(&self.pool, event_id, user_id).await
            }

            async fn list_organisers(&self, event_id: i64) -> Result<Vec<User>, StoreError> {
                super::events::list_organisers(&self.pool, event_id).await
            }

            async fn add_organiser(&self, event_id: i64, user_id: i64) -> Result<(), StoreError> {
                super::events::add_organiser(&self.pool, event_id, user_id).await
            }

            async fn remove_organiser(
                &self,
                event_id: i64,
                user_id: i64,
            ) -> Result<(), StoreError> {
                super::events::remove_organiser(&self.pool, event_id, user_id).await
            }
        }

        #[async_trait::async_trait]
        impl hackboard_app::server::AccountStore for $store {
            async fn insert_user(&self, user: &NewUser) -> Result<Option<i64>, StoreError> {
                super::accounts::insert_user(&self.pool, user).await
            }

            async fn find_login(&self, by: LoginKey<'_>) -> Result<Option<Login>, StoreError> {
                super::accounts::find_login(&self.pool, by).await
            }

            async fn update_profile(
                &self,
                user_id: i64,
                profile: &Profile,
            ) -> Result<(), StoreError> {
                super::accounts::update_profile(&self.pool, user_id, profile).await
            }

            async fn set_password_hash(&self, user_id: i64, hash: &str) -> Result<(), StoreError> {
                super::accounts::set_password_hash(&self.pool, user_id, hash).await
            }

            async fn insert_reset(&self, reset: &NewReset) -> Result<(), StoreError> {
                super::accounts::insert_reset(&self.pool, reset).await
            }

            async fn take_reset(
                &self,
                token_hash: &str,
                now: i64,
            ) -> Result<Option<i64>, StoreError> {
                super::accounts::take_reset(&self.pool, token_hash, now).await
            }
        }

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

            async fn mark_mail_sent(&self, id: i64, at: i64) -> Result<(), StoreError> {
                super::mail::mark_mail_sent(&self.pool, id, at).await
            }

            async fn mark_mail_failed(
                &self,
                id: i64,
                error: &str,
                retry_at: Option<i64>,
            ) -> Result<(), StoreError> {
                super::mail::mark_mail_failed(&self.pool, id, error, retry_at).await
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

        #[async_trait::async_trait]
        impl hackboard_app::server::TopicStore for $store {
            async fn insert_topic(
                &self,
                event_id: i64,
                proposer_id: i64,
                fields: &TopicFields,
                now: i64,
                announce: hackboard_app::server::AnnounceTopic,
            ) -> Result<TopicCard, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::topics::insert_topic(
                    pool,
                    notify,
                    event_id,
                    proposer_id,
                    fields,
                    now,
                    announce,
                )
                .await
            }

            async fn update_topic(
                &self,
                topic_id: i64,
                fields: &TopicFields,
                now: i64,
                announce: hackboard_app::server::AnnounceTopic,
            ) -> Result<Option<TopicCard>, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::topics::update_topic(pool, notify, topic_id, fields, now, announce).await
            }

            async fn verify_topic(
                &self,
                topic_id: i64,
                by: Option<i64>,
                now: i64,
                announce: hackboard_app::server::AnnounceTopic,
            ) -> Result<Option<TopicCard>, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::topics::verify_topic(pool, notify, topic_id, by, now, announce).await
            }

            async fn withdraw_topic(
                &self,
                topic_id: i64,
                now: i64,
                live: &[Outgoing],
            ) -> Result<bool, StoreError> {
                super::topics::withdraw_topic(&self.pool, &self.notify, topic_id, now, live).await
            }

            async fn find_topic(&self, topic_id: i64) -> Result<Option<StoredTopic>, StoreError> {
                super::topics::find_topic(&self.pool, topic_id).await
            }

            async fn list_topics(&self, event_id: i64) -> Result<Vec<TopicCard>, StoreError> {
                super::topics::list_topics(&self.pool, event_id).await
            }

            async fn set_vote(
                &self,
                event_id: i64,
                topic_id: i64,
                user_id: i64,
                on: bool,
                now: i64,
            ) -> Result<Option<u32>, StoreError> {
                let votes = &self.votes;
                super::topics::set_vote(&self.pool, votes, event_id, topic_id, user_id, on, now)
                    .await
            }

            async fn publish_votes(&self, event_id: i64) -> Result<usize, StoreError> {
                super::topics::publish_votes(&self.pool, &self.notify, $claim_votes, event_id).await
            }

            async fn unpublished_votes(&self) -> Result<Vec<i64>, StoreError> {
                super::topics::unpublished_votes(&self.pool).await
            }

            async fn votes_of(&self, event_id: i64, user_id: i64) -> Result<Vec<i64>, StoreError> {
                super::topics::votes_of(&self.pool, event_id, user_id).await
            }

            async fn search_topics(
                &self,
                event_id: i64,
                terms: &[String],
            ) -> Result<Vec<i64>, StoreError> {
                let (statement, query) = $search(terms);
                super::topics::search_topics(&self.pool, statement, event_id, &query).await
            }
        }

        #[async_trait::async_trait]
        impl hackboard_app::server::CommentStore for $store {
            async fn insert_comment(
                &self,
                comment: &NewComment,
                now: i64,
                announce: hackboard_app::server::AnnounceComment,
            ) -> Result<Option<StoredComment>, StoreError> {
                let notify = &self.notify;
                super::comments::insert_comment(&self.pool, notify, comment, now, announce).await
            }

            async fn update_comment(
                &self,
                comment_id: i64,
                change: &CommentChange,
                now: i64,
                announce: hackboard_app::server::AnnounceComment,
            ) -> Result<Option<StoredComment>, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::comments::update_comment(pool, notify, comment_id, change, now, announce)
                    .await
            }

            async fn find_comment(
                &self,
                comment_id: i64,
            ) -> Result<Option<StoredComment>, StoreError> {
                super::comments::find_comment(&self.pool, comment_id).await
            }

            async fn list_comments(
                &self,
                subject: Subject,
            ) -> Result<Vec<StoredComment>, StoreError> {
                super::comments::list_comments(&self.pool, subject).await
            }
        }

        #[async_trait::async_trait]
        impl hackboard_app::server::WriteupStore for $store {
            async fn insert_writeup(
                &self,
                event_id: i64,
                author_id: i64,
                draft: &hackboard_app::model::WriteupDraft,
                pinned: bool,
                now: i64,
                live: &[Outgoing],
            ) -> Result<i64, StoreError> {
                let post = super::writeups::Post {
                    event_id,
                    author_id,
                    draft,
                    pinned,
                };
                super::writeups::insert(&self.pool, &self.notify, post, now, live).await
            }

            async fn update_writeup(
                &self,
                writeup_id: i64,
                change: &hackboard_app::server::WriteupChange,
                now: i64,
                live: &[Outgoing],
            ) -> Result<bool, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::writeups::update(pool, notify, writeup_id, change, now, live).await
            }

            async fn find_writeup(
                &self,
                writeup_id: i64,
            ) -> Result<Option<hackboard_app::server::StoredWriteup>, StoreError> {
                super::writeups::find(&self.pool, writeup_id).await
            }

            async fn list_writeups(
                &self,
                event_id: i64,
            ) -> Result<Vec<hackboard_app::server::StoredWriteup>, StoreError> {
                super::writeups::list(&self.pool, event_id).await
            }

            async fn update_outcome(
                &self,
                event_id: i64,
                topic_id: i64,
                draft: &hackboard_app::model::OutcomeDraft,
                now: i64,
                live: &[Outgoing],
            ) -> Result<bool, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::writeups::update_outcome(pool, notify, event_id, topic_id, draft, now, live)
                    .await
            }

            async fn update_outcome_featured(
                &self,
                event_id: i64,
                topic_id: i64,
                on: bool,
                live: &[Outgoing],
            ) -> Result<bool, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::writeups::update_outcome_featured(pool, notify, event_id, topic_id, on, live)
                    .await
            }

            async fn list_outcomes(
                &self,
                event_id: i64,
            ) -> Result<Vec<hackboard_app::server::StoredOutcome>, StoreError> {
                super::writeups::list_outcomes(&self.pool, event_id).await
            }

            async fn find_outcome(
                &self,
                topic_id: i64,
            ) -> Result<Option<hackboard_app::server::StoredOutcome>, StoreError> {
                super::writeups::find_outcome(&self.pool, topic_id).await
            }

            async fn topic_origin(
                &self,
                topic_id: i64,
            ) -> Result<Option<hackboard_app::model::TopicOrigin>, StoreError> {
                super::writeups::topic_origin(&self.pool, topic_id).await
            }

            async fn find_writeup_window(
                &self,
                event_id: i64,
            ) -> Result<Option<chrono::NaiveDate>, StoreError> {
                super::writeups::find_window(&self.pool, event_id).await
            }

            async fn update_writeup_window(
                &self,
                event_id: i64,
                closes_on: Option<chrono::NaiveDate>,
            ) -> Result<(), StoreError> {
                super::writeups::update_window(&self.pool, event_id, closes_on).await
            }
        }

        #[async_trait::async_trait]
        impl hackboard_app::server::TransferStore for $store {
            async fn copy_event(
                &self,
                from_event: i64,
                details: &EventDetails,
                carry_topics: bool,
                now: i64,
            ) -> Result<Option<(i64, u64)>, StoreError> {
                super::transfer::copy_event(&self.pool, from_event, details, carry_topics, now)
                    .await
            }

            async fn export_event(
                &self,
                event: &hackboard_app::server::StoredEvent,
            ) -> Result<String, StoreError> {
                let archive =
                    super::transfer::export(&self.pool, event.id, event.details.clone()).await?;
                serde_json::to_string_pretty(&archive)
                    .map_err(|e| StoreError::new("write the export", e))
            }

            async fn import_event(&self, json: &str) -> Result<Result<String, String>, StoreError> {
                let archive = match super::transfer::parse(json) {
                    Ok(archive) => archive,
                    Err(why) => return Ok(Err(why)),
                };
                let imported = super::transfer::import(&self.pool, &archive).await?;
                Ok(imported.map(|_| archive.event.slug.clone()))
            }
        }

        #[async_trait::async_trait]
        impl hackboard_app::server::RegistrationStore for $store {
            async fn change_registration(
                &self,
                event_id: i64,
                key: hackboard_app::server::RegistrationKey,
                change: &hackboard_app::server::RegistrationChange,
                now: i64,
            ) -> Result<
                Result<hackboard_app::server::RegistrationChanged, hackboard_app::model::Refusal>,
                StoreError,
            > {
                let notify = &self.notify;
                super::registrations::change_registration(
                    &self.pool, notify, event_id, key, change, now,
                )
                .await
            }

            async fn set_registration(
                &self,
                event_id: i64,
                settings: hackboard_app::server::RegistrationSettings,
                now: i64,
            ) -> Result<Vec<hackboard_app::server::StoredRegistration>, StoreError> {
                super::registrations::set_registration(
                    &self.pool,
                    &self.notify,
                    event_id,
                    settings,
                    now,
                )
                .await
            }

            async fn registration_settings(
                &self,
                event_id: i64,
            ) -> Result<hackboard_app::server::RegistrationSettings, StoreError> {
                super::registrations::registration_settings(&self.pool, event_id).await
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

            async fn attendance(
                &self,
                event_id: i64,
            ) -> Result<hackboard_app::model::AttendanceCounts, StoreError> {
                super::registrations::attendance(&self.pool, event_id).await
            }

            async fn mark_registration(
                &self,
                event_id: i64,
                registration_id: i64,
                mark: hackboard_app::model::Mark,
                by: i64,
                now: i64,
            ) -> Result<Option<hackboard_app::server::StoredRegistration>, StoreError> {
                super::registrations::mark_registration(
                    &self.pool,
                    &self.notify,
                    event_id,
                    registration_id,
                    mark,
                    by,
                    now,
                )
                .await
            }

            async fn registration_history(
                &self,
                event_id: i64,
            ) -> Result<Vec<(i64, hackboard_app::model::HistoryLine)>, StoreError> {
                super::registrations::registration_history(&self.pool, event_id).await
            }

            async fn due_reminders(
                &self,
                from: chrono::NaiveDate,
                until: chrono::NaiveDate,
            ) -> Result<Vec<(String, i64)>, StoreError> {
                super::registrations::due_reminders(&self.pool, from, until).await
            }

            async fn claim_reminder(
                &self,
                registration_id: i64,
                token_hash: &str,
                now: i64,
            ) -> Result<bool, StoreError> {
                super::registrations::claim_reminder(&self.pool, registration_id, token_hash, now)
                    .await
            }

            async fn find_registration_by_release_token(
                &self,
                token_hash: &str,
            ) -> Result<Option<hackboard_app::server::StoredRegistration>, StoreError> {
                super::registrations::find_by_release_token(&self.pool, token_hash).await
            }

            async fn save_visa_details(
                &self,
                registration_id: i64,
                details: &hackboard_app::model::VisaDetails,
                now: i64,
            ) -> Result<(), StoreError> {
                super::registrations::save_visa_details(&self.pool, registration_id, details, now)
                    .await
            }

            async fn find_visa_letter(
                &self,
                registration_id: i64,
            ) -> Result<Option<hackboard_app::model::VisaLetter>, StoreError> {
                let statement = super::registrations::visa_letter();
                let letters =
                    super::registrations::visa_letters(&self.pool, &statement, registration_id)
                        .await?;
                Ok(letters.into_iter().next().map(|(_, letter)| letter))
            }

            async fn visa_letters(
                &self,
                event_id: i64,
            ) -> Result<Vec<(i64, hackboard_app::model::VisaLetter)>, StoreError> {
                let statement = super::registrations::visa_letters_of_event();
                super::registrations::visa_letters(&self.pool, &statement, event_id).await
            }

            async fn forget_visa_letters(
                &self,
                ended_before: chrono::NaiveDate,
            ) -> Result<(), StoreError> {
                super::registrations::forget_visa_letters(&self.pool, ended_before).await
            }
        }

        #[async_trait::async_trait]
        impl hackboard_app::server::AgendaStore for $store {
            async fn agenda(
                &self,
                event_id: i64,
            ) -> Result<hackboard_app::server::StoredAgenda, StoreError> {
                super::agenda::agenda(&self.pool, event_id).await
            }

            async fn update_agenda(
                &self,
                event_id: i64,
                base_version: i64,
                edit: &hackboard_app::server::AgendaEdit,
                announce: hackboard_app::server::AnnounceAgenda,
            ) -> Result<hackboard_app::server::AgendaChange, StoreError> {
                let (pool, notify) = (&self.pool, &self.notify);
                super::agenda::update_agenda(pool, notify, event_id, base_version, edit, announce)
                    .await
            }

            async fn star_session(
                &self,
                user_id: i64,
                event_id: i64,
                session_id: i64,
                on: bool,
                new_token: &str,
            ) -> Result<bool, StoreError> {
                super::stars::star(&self.pool, user_id, event_id, session_id, on, new_token).await
            }

            async fn my_agenda(
                &self,
                user_id: i64,
                event_id: i64,
            ) -> Result<(Vec<i64>, Option<hackboard_app::server::AgendaPrefs>), StoreError> {
                super::stars::my_agenda(&self.pool, user_id, event_id).await
            }

            async fn set_mail_on_move(
                &self,
                user_id: i64,
                on: bool,
                new_token: &str,
            ) -> Result<(), StoreError> {
                super::stars::set_mail_on_move(&self.pool, user_id, on, new_token).await
            }

            async fn feed_owner(&self, token: &str) -> Result<Option<i64>, StoreError> {
                super::stars::feed_owner(&self.pool, token).await
            }

            async fn star_mail(
                &self,
                session_ids: &[i64],
            ) -> Result<Vec<hackboard_app::server::StarMail>, StoreError> {
                super::stars::star_mail(&self.pool, session_ids).await
            }
        }
    };
}
pub(super) use impl_store;
