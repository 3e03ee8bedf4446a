//! Table definitions, kept by hand in types both backends share.

mod casework;
pub use casework::*;

diesel::table! {
    boards (id) {
        id -> BigInt,
        name -> Text,
        level -> Text,
        parent_id -> Nullable<BigInt>,
        time_zone -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        grievance_ack_days -> Nullable<Integer>,
        grievance_response_days -> Nullable<Integer>,
        two_person_approval -> Bool,
    }
}

diesel::table! {
    units (id) {
        id -> BigInt,
        name -> Text,
        abbreviation -> Nullable<Text>,
        service -> Text,
        parent_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        is_admin -> Bool,
        disabled -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    role_grants (id) {
        id -> BigInt,
        user_id -> BigInt,
        role -> Text,
        board_id -> Nullable<BigInt>,
        unit_id -> Nullable<BigInt>,
        granted_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        kind -> Text,
        label -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        last_seen_at -> Timestamp,
        stage -> Text,
        second_factor -> Nullable<Text>,
        device -> Text,
        address -> Text,
    }
}

diesel::table! {
    totp_factors (user_id) {
        user_id -> BigInt,
        secret -> Binary,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        last_step -> BigInt,
    }
}

diesel::table! {
    recovery_codes (id) {
        id -> BigInt,
        user_id -> BigInt,
        code_hash -> Text,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    installation_secrets (name) {
        name -> Text,
        value -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> BigInt,
        at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        actor -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Text,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    meeting_series (id) {
        id -> BigInt,
        board_id -> BigInt,
        title -> Text,
        rrule -> Text,
        first_date -> Date,
        start_time -> Time,
        duration_minutes -> Integer,
        time_zone -> Text,
        location -> Text,
        is_public -> Bool,
        exdates -> Text,
        effective_from -> Date,
        deleted_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    meetings (id) {
        id -> BigInt,
        board_id -> BigInt,
        series_id -> Nullable<BigInt>,
        occurrence_date -> Nullable<Date>,
        title -> Text,
        starts_local -> Timestamp,
        duration_minutes -> Integer,
        time_zone -> Text,
        location -> Text,
        is_public -> Bool,
        status -> Text,
        overridden -> Bool,
        sequence -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    agenda_items (id) {
        id -> BigInt,
        meeting_id -> BigInt,
        position -> Integer,
        title -> Text,
        description -> Text,
        is_public -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    attendance (id) {
        id -> BigInt,
        meeting_id -> BigInt,
        name -> Text,
        organisation -> Text,
        sector -> Text,
        sex -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    minutes (meeting_id) {
        meeting_id -> BigInt,
        body -> Text,
        status -> Text,
        approved_by -> Nullable<BigInt>,
        approved_at_meeting -> Nullable<BigInt>,
        approved_at -> Nullable<Timestamp>,
        frozen_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    decisions (id) {
        id -> BigInt,
        meeting_id -> BigInt,
        agenda_item_id -> Nullable<BigInt>,
        text -> Text,
        responsible_unit_id -> Nullable<BigInt>,
        responsible -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        dedupe_key -> Text,
        kind -> Text,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        created_at -> Timestamp,
        not_after -> Nullable<Timestamp>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        logged_at -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    indicators (id) {
        id -> BigInt,
        board_id -> BigInt,
        code -> Text,
        name -> Text,
        description -> Text,
        unit -> Text,
        measure -> Text,
        direction -> Text,
        data_source -> Text,
        responsible_unit_id -> Nullable<BigInt>,
        by_region -> Bool,
        by_sex -> Bool,
        by_age -> Bool,
        agreed_decision_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    indicator_baselines (indicator_id) {
        indicator_id -> BigInt,
        value -> Double,
        date -> Date,
        note -> Text,
    }
}

diesel::table! {
    indicator_targets (indicator_id, period) {
        indicator_id -> BigInt,
        period -> Text,
        value -> Double,
    }
}

diesel::table! {
    indicator_values (id) {
        id -> BigInt,
        indicator_id -> BigInt,
        period -> Text,
        region -> Text,
        sex -> Text,
        age_group -> Text,
        value -> Double,
        source -> Text,
        note -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reopened_periods (board_id, period) {
        board_id -> BigInt,
        period -> Text,
        reason -> Text,
        reopened_by -> Nullable<BigInt>,
        reopened_at -> Timestamp,
    }
}

diesel::table! {
    actions (id) {
        id -> BigInt,
        board_id -> BigInt,
        title -> Text,
        description -> Text,
        source_kind -> Text,
        source_id -> Nullable<BigInt>,
        unit_id -> BigInt,
        due_date -> Date,
        status -> Text,
        verified_at -> Nullable<Timestamp>,
        verified_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    action_updates (id) {
        id -> BigInt,
        action_id -> BigInt,
        kind -> Text,
        status -> Text,
        note -> Text,
        author_user_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> BigInt,
        board_id -> BigInt,
        period -> Text,
        revision -> Integer,
        status -> Text,
        document -> Text,
        document_sha256 -> Text,
        supersedes_id -> Nullable<BigInt>,
        drafted_at -> Timestamp,
        approved_by -> Nullable<BigInt>,
        approved_at -> Nullable<Timestamp>,
        published_by -> Nullable<BigInt>,
        published_at -> Nullable<Timestamp>,
        pdf_sha256 -> Nullable<Text>,
        updated_at -> Timestamp,
        signoff -> Nullable<Text>,
    }
}

diesel::table! {
    report_editions (report_id, language) {
        report_id -> BigInt,
        language -> Text,
        pdf -> Binary,
        pdf_sha256 -> Text,
    }
}

diesel::table! {
    report_replies (id) {
        id -> BigInt,
        report_id -> BigInt,
        unit_id -> BigInt,
        user_id -> Nullable<BigInt>,
        text -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    account_links (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    throttle_counts (key) {
        key -> Text,
        window_start -> BigInt,
        hits -> BigInt,
    }
}

diesel::joinable!(action_updates -> actions (action_id));
diesel::joinable!(role_grants -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(meetings -> boards (board_id));
diesel::joinable!(indicator_values -> indicators (indicator_id));
diesel::joinable!(incident_harms -> incidents (incident_id));
diesel::joinable!(incident_victims -> incidents (incident_id));
diesel::joinable!(incident_perpetrators -> incidents (incident_id));
diesel::allow_tables_to_appear_in_same_query!(
    actions,
    action_updates,
    boards,
    units,
    users,
    role_grants,
    sessions,
    meeting_series,
    meetings,
    indicators,
    indicator_values,
    incidents,
    incident_harms,
    incident_victims,
    incident_perpetrators,
);
diesel::allow_tables_to_appear_in_same_query!(reports, report_editions);
