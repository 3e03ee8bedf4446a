//! The casework tables: grievances and incidents, with their confidential parts.

diesel::table! {
    grievances (id) {
        id -> BigInt,
        board_id -> BigInt,
        tracking_hash -> Text,
        channel -> Text,
        category -> Text,
        description -> Text,
        location -> Text,
        alleged_unit_id -> Nullable<BigInt>,
        status -> Text,
        unit_id -> Nullable<BigInt>,
        unit_summary -> Text,
        response -> Text,
        filed_at -> Timestamp,
        ack_due -> Date,
        response_due -> Date,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    grievance_intakes (grievance_id) {
        grievance_id -> BigInt,
        intake -> Text,
    }
}

diesel::table! {
    grievance_contacts (grievance_id) {
        grievance_id -> BigInt,
        name -> Text,
        phone -> Text,
        email -> Text,
    }
}

diesel::table! {
    grievance_events (id) {
        id -> BigInt,
        grievance_id -> BigInt,
        status -> Text,
        note -> Text,
        actor_user_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    incidents (id) {
        id -> BigInt,
        board_id -> BigInt,
        occurred_on -> Date,
        occurred_time -> Nullable<Time>,
        region -> Text,
        province -> Text,
        municipality -> Text,
        summary -> Text,
        severity -> Text,
        status -> Text,
        unit_id -> Nullable<BigInt>,
        reported_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    incident_harms (id) {
        id -> BigInt,
        incident_id -> BigInt,
        harm -> Text,
    }
}

diesel::table! {
    incident_victims (id) {
        id -> BigInt,
        incident_id -> BigInt,
        sex -> Text,
        age_group -> Text,
        victims -> Integer,
    }
}

diesel::table! {
    incident_perpetrators (id) {
        id -> BigInt,
        incident_id -> BigInt,
        kind -> Text,
        unit_id -> Nullable<BigInt>,
        group_name -> Text,
        involvement -> Text,
    }
}

diesel::table! {
    incident_confidential (incident_id) {
        incident_id -> BigInt,
        narrative -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
    }
}

diesel::table! {
    incident_identities (id) {
        id -> BigInt,
        incident_id -> BigInt,
        name -> Text,
        sex -> Text,
        age_group -> Text,
        note -> Text,
    }
}

diesel::table! {
    incident_sources (id) {
        id -> BigInt,
        incident_id -> BigInt,
        kind -> Text,
        reliability -> Text,
        description -> Text,
    }
}

diesel::table! {
    incident_responses (id) {
        id -> BigInt,
        incident_id -> BigInt,
        kind -> Text,
        text -> Text,
        actor_user_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    incident_events (id) {
        id -> BigInt,
        incident_id -> BigInt,
        status -> Text,
        note -> Text,
        actor_user_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(grievances, grievance_events);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    incidents::occurred_on,
    incident_harms::harm
);
