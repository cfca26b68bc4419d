//! Every client method, by name: each exists (the list compiles), has no one-letter word, and
//! is one of the official SDKs' method names (`py_method` in the metadata) with word breaks
//! only added.
#![allow(clippy::unwrap_used)]

use cams_api::Client;

/// Every method, as a user calls it.
const NAMES: [&str; 172] = [
    "add_address_recover_suspend",
    "add_audit_viber_open",
    "add_chat_group",
    "add_chat_group_invite_link",
    "add_chatapp_phone_number",
    "add_contacts",
    "add_custom_audience_user",
    "add_group",
    "add_marketing_flow",
    "archive_chatapp_template",
    "bind_dm_account",
    "bind_instagram_page",
    "bind_messenger_page",
    "change_resource_group",
    "chatapp_bind_waba",
    "chatapp_migration_register",
    "chatapp_migration_verified",
    "chatapp_phone_number_deregister",
    "chatapp_phone_number_register",
    "chatapp_sync_phone_number",
    "chatapp_verify_and_register",
    "check_direct_send_message_sample",
    "copy_template",
    "create_chat_flow",
    "create_chat_flow_by_import",
    "create_chat_flow_log_setting",
    "create_chatapp_migration_initiate",
    "create_chatapp_template",
    "create_custom_audience",
    "create_flow",
    "create_flow_version",
    "create_instance",
    "create_message_campaign",
    "create_messenger_page",
    "create_phone_message_qrdl",
    "create_whatsapp_conversion_api",
    "delete_chat_flow",
    "delete_chat_group",
    "delete_chat_group_invite_link",
    "delete_chat_group_participants",
    "delete_chatapp_template",
    "delete_contacts",
    "delete_contacts_by_ids",
    "delete_flow",
    "delete_flow_version",
    "delete_group_by_id",
    "delete_instagram_page",
    "delete_instance",
    "delete_marketing_flow",
    "delete_message_campaign",
    "delete_messenger_page",
    "delete_phone_message_qrdl",
    "delete_whatsapp_user_name",
    "deprecate_flow",
    "enable_whatsapp_roi_metric",
    "flow_bind_phone",
    "flow_rebind_phone",
    "flow_unbind_phone",
    "generate_presigned_url",
    "get_audit_request_by_type_un_audit",
    "get_auto_generated_template",
    "get_chat_flow_metric",
    "get_chat_flow_template",
    "get_chatapp_open_status",
    "get_chatapp_phone_number_metric",
    "get_chatapp_phone_number_setting",
    "get_chatapp_template_detail",
    "get_chatapp_template_metric",
    "get_chatapp_upload_authorization",
    "get_chatapp_verify_code",
    "get_commerce_setting",
    "get_conversational_automation",
    "get_customer_site",
    "get_download_excel_list",
    "get_fb_instagram_pages",
    "get_fb_messenger_pages",
    "get_flow",
    "get_flow_json_assest",
    "get_flow_preview_url",
    "get_group_exist",
    "get_message_campaign_insights",
    "get_migration_verify_code",
    "get_permission_by_code",
    "get_phone_encryption_public_key",
    "get_phone_number_verification_status",
    "get_pledge_template_address",
    "get_pre_validate_phone_id",
    "get_viber_by_request_no",
    "get_viber_pause_times",
    "get_whatsapp_connection_catalog",
    "get_whatsapp_conversion_api",
    "get_whatsapp_health_status",
    "get_whatsapp_user_name",
    "get_whatsapp_user_name_suggestions",
    "isv_get_app_id",
    "list_all_groups",
    "list_bind_dm_account",
    "list_binding_relations_for_flow_version",
    "list_chat_flow",
    "list_chat_flow_template",
    "list_chat_group",
    "list_chat_group_participants",
    "list_chatapp_message",
    "list_chatapp_template",
    "list_custom_audience",
    "list_dm_account",
    "list_dm_tag",
    "list_facebook_posts",
    "list_flow",
    "list_flow_node_group",
    "list_flow_version",
    "list_instagram_page",
    "list_instagram_posts",
    "list_instance",
    "list_marketing_flow",
    "list_message_campaign",
    "list_messenger_subscription_token",
    "list_page_ad_account",
    "list_phone_message_qrdl",
    "list_product",
    "list_product_catalog",
    "list_viber_service_message",
    "list_what_app_template",
    "modify_chatapp_template",
    "modify_chatapp_template_properties",
    "modify_flow",
    "modify_phone_business_profile",
    "move_contact_to_group",
    "offline_flow_version",
    "online_flow_version",
    "open_chatapp_service",
    "pause_marketing_flow",
    "publish_flow",
    "query_chatapp_bind_waba",
    "query_chatapp_phone_numbers",
    "query_instance",
    "query_mml_active",
    "query_phone_business_profile",
    "query_waba_business_info",
    "read_chat_flow",
    "read_chat_flow_log_setting",
    "read_flow_version",
    "remove_contact_by_id",
    "request_whatsapp_conversion_api",
    "send_chatapp_mass_message",
    "send_chatapp_message",
    "submit_verify_code_result",
    "sync_business_app_history",
    "sync_flow",
    "sync_message_campaign",
    "sync_messenger_subscription_token",
    "trigger_chat_flow",
    "unbind_dm_account",
    "update_account_webhook",
    "update_audit_request",
    "update_chat_flow",
    "update_chat_flow_log_setting",
    "update_chat_group",
    "update_commerce_setting",
    "update_contact_by_id",
    "update_conversational_automation",
    "update_flow_json_asset",
    "update_flow_version",
    "update_group_name",
    "update_instance",
    "update_marketing_flow",
    "update_phone_encryption_public_key",
    "update_phone_message_qrdl",
    "update_phone_webhook",
    "update_waba_mml_status",
    "update_whatsapp_user_name",
    "whatsapp_call",
];

/// Proves at compile time that every name of [`NAMES`] is a method of `Client`.
#[test]
fn every_listed_name_is_a_client_method() {
    let methods: Vec<(&str, usize)> = vec![
        (
            "add_address_recover_suspend",
            Client::add_address_recover_suspend as usize,
        ),
        (
            "add_audit_viber_open",
            Client::add_audit_viber_open as usize,
        ),
        ("add_chat_group", Client::add_chat_group as usize),
        (
            "add_chat_group_invite_link",
            Client::add_chat_group_invite_link as usize,
        ),
        (
            "add_chatapp_phone_number",
            Client::add_chatapp_phone_number as usize,
        ),
        ("add_contacts", Client::add_contacts as usize),
        (
            "add_custom_audience_user",
            Client::add_custom_audience_user as usize,
        ),
        ("add_group", Client::add_group as usize),
        ("add_marketing_flow", Client::add_marketing_flow as usize),
        (
            "archive_chatapp_template",
            Client::archive_chatapp_template as usize,
        ),
        ("bind_dm_account", Client::bind_dm_account as usize),
        ("bind_instagram_page", Client::bind_instagram_page as usize),
        ("bind_messenger_page", Client::bind_messenger_page as usize),
        (
            "change_resource_group",
            Client::change_resource_group as usize,
        ),
        ("chatapp_bind_waba", Client::chatapp_bind_waba as usize),
        (
            "chatapp_migration_register",
            Client::chatapp_migration_register as usize,
        ),
        (
            "chatapp_migration_verified",
            Client::chatapp_migration_verified as usize,
        ),
        (
            "chatapp_phone_number_deregister",
            Client::chatapp_phone_number_deregister as usize,
        ),
        (
            "chatapp_phone_number_register",
            Client::chatapp_phone_number_register as usize,
        ),
        (
            "chatapp_sync_phone_number",
            Client::chatapp_sync_phone_number as usize,
        ),
        (
            "chatapp_verify_and_register",
            Client::chatapp_verify_and_register as usize,
        ),
        (
            "check_direct_send_message_sample",
            Client::check_direct_send_message_sample as usize,
        ),
        ("copy_template", Client::copy_template as usize),
        ("create_chat_flow", Client::create_chat_flow as usize),
        (
            "create_chat_flow_by_import",
            Client::create_chat_flow_by_import as usize,
        ),
        (
            "create_chat_flow_log_setting",
            Client::create_chat_flow_log_setting as usize,
        ),
        (
            "create_chatapp_migration_initiate",
            Client::create_chatapp_migration_initiate as usize,
        ),
        (
            "create_chatapp_template",
            Client::create_chatapp_template as usize,
        ),
        (
            "create_custom_audience",
            Client::create_custom_audience as usize,
        ),
        ("create_flow", Client::create_flow as usize),
        ("create_flow_version", Client::create_flow_version as usize),
        ("create_instance", Client::create_instance as usize),
        (
            "create_message_campaign",
            Client::create_message_campaign as usize,
        ),
        (
            "create_messenger_page",
            Client::create_messenger_page as usize,
        ),
        (
            "create_phone_message_qrdl",
            Client::create_phone_message_qrdl as usize,
        ),
        (
            "create_whatsapp_conversion_api",
            Client::create_whatsapp_conversion_api as usize,
        ),
        ("delete_chat_flow", Client::delete_chat_flow as usize),
        ("delete_chat_group", Client::delete_chat_group as usize),
        (
            "delete_chat_group_invite_link",
            Client::delete_chat_group_invite_link as usize,
        ),
        (
            "delete_chat_group_participants",
            Client::delete_chat_group_participants as usize,
        ),
        (
            "delete_chatapp_template",
            Client::delete_chatapp_template as usize,
        ),
        ("delete_contacts", Client::delete_contacts as usize),
        (
            "delete_contacts_by_ids",
            Client::delete_contacts_by_ids as usize,
        ),
        ("delete_flow", Client::delete_flow as usize),
        ("delete_flow_version", Client::delete_flow_version as usize),
        ("delete_group_by_id", Client::delete_group_by_id as usize),
        (
            "delete_instagram_page",
            Client::delete_instagram_page as usize,
        ),
        ("delete_instance", Client::delete_instance as usize),
        (
            "delete_marketing_flow",
            Client::delete_marketing_flow as usize,
        ),
        (
            "delete_message_campaign",
            Client::delete_message_campaign as usize,
        ),
        (
            "delete_messenger_page",
            Client::delete_messenger_page as usize,
        ),
        (
            "delete_phone_message_qrdl",
            Client::delete_phone_message_qrdl as usize,
        ),
        (
            "delete_whatsapp_user_name",
            Client::delete_whatsapp_user_name as usize,
        ),
        ("deprecate_flow", Client::deprecate_flow as usize),
        (
            "enable_whatsapp_roi_metric",
            Client::enable_whatsapp_roi_metric as usize,
        ),
        ("flow_bind_phone", Client::flow_bind_phone as usize),
        ("flow_rebind_phone", Client::flow_rebind_phone as usize),
        ("flow_unbind_phone", Client::flow_unbind_phone as usize),
        (
            "generate_presigned_url",
            Client::generate_presigned_url as usize,
        ),
        (
            "get_audit_request_by_type_un_audit",
            Client::get_audit_request_by_type_un_audit as usize,
        ),
        (
            "get_auto_generated_template",
            Client::get_auto_generated_template as usize,
        ),
        (
            "get_chat_flow_metric",
            Client::get_chat_flow_metric as usize,
        ),
        (
            "get_chat_flow_template",
            Client::get_chat_flow_template as usize,
        ),
        (
            "get_chatapp_open_status",
            Client::get_chatapp_open_status as usize,
        ),
        (
            "get_chatapp_phone_number_metric",
            Client::get_chatapp_phone_number_metric as usize,
        ),
        (
            "get_chatapp_phone_number_setting",
            Client::get_chatapp_phone_number_setting as usize,
        ),
        (
            "get_chatapp_template_detail",
            Client::get_chatapp_template_detail as usize,
        ),
        (
            "get_chatapp_template_metric",
            Client::get_chatapp_template_metric as usize,
        ),
        (
            "get_chatapp_upload_authorization",
            Client::get_chatapp_upload_authorization as usize,
        ),
        (
            "get_chatapp_verify_code",
            Client::get_chatapp_verify_code as usize,
        ),
        (
            "get_commerce_setting",
            Client::get_commerce_setting as usize,
        ),
        (
            "get_conversational_automation",
            Client::get_conversational_automation as usize,
        ),
        ("get_customer_site", Client::get_customer_site as usize),
        (
            "get_download_excel_list",
            Client::get_download_excel_list as usize,
        ),
        (
            "get_fb_instagram_pages",
            Client::get_fb_instagram_pages as usize,
        ),
        (
            "get_fb_messenger_pages",
            Client::get_fb_messenger_pages as usize,
        ),
        ("get_flow", Client::get_flow as usize),
        (
            "get_flow_json_assest",
            Client::get_flow_json_assest as usize,
        ),
        (
            "get_flow_preview_url",
            Client::get_flow_preview_url as usize,
        ),
        ("get_group_exist", Client::get_group_exist as usize),
        (
            "get_message_campaign_insights",
            Client::get_message_campaign_insights as usize,
        ),
        (
            "get_migration_verify_code",
            Client::get_migration_verify_code as usize,
        ),
        (
            "get_permission_by_code",
            Client::get_permission_by_code as usize,
        ),
        (
            "get_phone_encryption_public_key",
            Client::get_phone_encryption_public_key as usize,
        ),
        (
            "get_phone_number_verification_status",
            Client::get_phone_number_verification_status as usize,
        ),
        (
            "get_pledge_template_address",
            Client::get_pledge_template_address as usize,
        ),
        (
            "get_pre_validate_phone_id",
            Client::get_pre_validate_phone_id as usize,
        ),
        (
            "get_viber_by_request_no",
            Client::get_viber_by_request_no as usize,
        ),
        (
            "get_viber_pause_times",
            Client::get_viber_pause_times as usize,
        ),
        (
            "get_whatsapp_connection_catalog",
            Client::get_whatsapp_connection_catalog as usize,
        ),
        (
            "get_whatsapp_conversion_api",
            Client::get_whatsapp_conversion_api as usize,
        ),
        (
            "get_whatsapp_health_status",
            Client::get_whatsapp_health_status as usize,
        ),
        (
            "get_whatsapp_user_name",
            Client::get_whatsapp_user_name as usize,
        ),
        (
            "get_whatsapp_user_name_suggestions",
            Client::get_whatsapp_user_name_suggestions as usize,
        ),
        ("isv_get_app_id", Client::isv_get_app_id as usize),
        ("list_all_groups", Client::list_all_groups as usize),
        (
            "list_bind_dm_account",
            Client::list_bind_dm_account as usize,
        ),
        (
            "list_binding_relations_for_flow_version",
            Client::list_binding_relations_for_flow_version as usize,
        ),
        ("list_chat_flow", Client::list_chat_flow as usize),
        (
            "list_chat_flow_template",
            Client::list_chat_flow_template as usize,
        ),
        ("list_chat_group", Client::list_chat_group as usize),
        (
            "list_chat_group_participants",
            Client::list_chat_group_participants as usize,
        ),
        (
            "list_chatapp_message",
            Client::list_chatapp_message as usize,
        ),
        (
            "list_chatapp_template",
            Client::list_chatapp_template as usize,
        ),
        (
            "list_custom_audience",
            Client::list_custom_audience as usize,
        ),
        ("list_dm_account", Client::list_dm_account as usize),
        ("list_dm_tag", Client::list_dm_tag as usize),
        ("list_facebook_posts", Client::list_facebook_posts as usize),
        ("list_flow", Client::list_flow as usize),
        (
            "list_flow_node_group",
            Client::list_flow_node_group as usize,
        ),
        ("list_flow_version", Client::list_flow_version as usize),
        ("list_instagram_page", Client::list_instagram_page as usize),
        (
            "list_instagram_posts",
            Client::list_instagram_posts as usize,
        ),
        ("list_instance", Client::list_instance as usize),
        ("list_marketing_flow", Client::list_marketing_flow as usize),
        (
            "list_message_campaign",
            Client::list_message_campaign as usize,
        ),
        (
            "list_messenger_subscription_token",
            Client::list_messenger_subscription_token as usize,
        ),
        (
            "list_page_ad_account",
            Client::list_page_ad_account as usize,
        ),
        (
            "list_phone_message_qrdl",
            Client::list_phone_message_qrdl as usize,
        ),
        ("list_product", Client::list_product as usize),
        (
            "list_product_catalog",
            Client::list_product_catalog as usize,
        ),
        (
            "list_viber_service_message",
            Client::list_viber_service_message as usize,
        ),
        (
            "list_what_app_template",
            Client::list_what_app_template as usize,
        ),
        (
            "modify_chatapp_template",
            Client::modify_chatapp_template as usize,
        ),
        (
            "modify_chatapp_template_properties",
            Client::modify_chatapp_template_properties as usize,
        ),
        ("modify_flow", Client::modify_flow as usize),
        (
            "modify_phone_business_profile",
            Client::modify_phone_business_profile as usize,
        ),
        (
            "move_contact_to_group",
            Client::move_contact_to_group as usize,
        ),
        (
            "offline_flow_version",
            Client::offline_flow_version as usize,
        ),
        ("online_flow_version", Client::online_flow_version as usize),
        (
            "open_chatapp_service",
            Client::open_chatapp_service as usize,
        ),
        (
            "pause_marketing_flow",
            Client::pause_marketing_flow as usize,
        ),
        ("publish_flow", Client::publish_flow as usize),
        (
            "query_chatapp_bind_waba",
            Client::query_chatapp_bind_waba as usize,
        ),
        (
            "query_chatapp_phone_numbers",
            Client::query_chatapp_phone_numbers as usize,
        ),
        ("query_instance", Client::query_instance as usize),
        ("query_mml_active", Client::query_mml_active as usize),
        (
            "query_phone_business_profile",
            Client::query_phone_business_profile as usize,
        ),
        (
            "query_waba_business_info",
            Client::query_waba_business_info as usize,
        ),
        ("read_chat_flow", Client::read_chat_flow as usize),
        (
            "read_chat_flow_log_setting",
            Client::read_chat_flow_log_setting as usize,
        ),
        ("read_flow_version", Client::read_flow_version as usize),
        (
            "remove_contact_by_id",
            Client::remove_contact_by_id as usize,
        ),
        (
            "request_whatsapp_conversion_api",
            Client::request_whatsapp_conversion_api as usize,
        ),
        (
            "send_chatapp_mass_message",
            Client::send_chatapp_mass_message as usize,
        ),
        (
            "send_chatapp_message",
            Client::send_chatapp_message as usize,
        ),
        (
            "submit_verify_code_result",
            Client::submit_verify_code_result as usize,
        ),
        (
            "sync_business_app_history",
            Client::sync_business_app_history as usize,
        ),
        ("sync_flow", Client::sync_flow as usize),
        (
            "sync_message_campaign",
            Client::sync_message_campaign as usize,
        ),
        (
            "sync_messenger_subscription_token",
            Client::sync_messenger_subscription_token as usize,
        ),
        ("trigger_chat_flow", Client::trigger_chat_flow as usize),
        ("unbind_dm_account", Client::unbind_dm_account as usize),
        (
            "update_account_webhook",
            Client::update_account_webhook as usize,
        ),
        (
            "update_audit_request",
            Client::update_audit_request as usize,
        ),
        ("update_chat_flow", Client::update_chat_flow as usize),
        (
            "update_chat_flow_log_setting",
            Client::update_chat_flow_log_setting as usize,
        ),
        ("update_chat_group", Client::update_chat_group as usize),
        (
            "update_commerce_setting",
            Client::update_commerce_setting as usize,
        ),
        (
            "update_contact_by_id",
            Client::update_contact_by_id as usize,
        ),
        (
            "update_conversational_automation",
            Client::update_conversational_automation as usize,
        ),
        (
            "update_flow_json_asset",
            Client::update_flow_json_asset as usize,
        ),
        ("update_flow_version", Client::update_flow_version as usize),
        ("update_group_name", Client::update_group_name as usize),
        ("update_instance", Client::update_instance as usize),
        (
            "update_marketing_flow",
            Client::update_marketing_flow as usize,
        ),
        (
            "update_phone_encryption_public_key",
            Client::update_phone_encryption_public_key as usize,
        ),
        (
            "update_phone_message_qrdl",
            Client::update_phone_message_qrdl as usize,
        ),
        (
            "update_phone_webhook",
            Client::update_phone_webhook as usize,
        ),
        (
            "update_waba_mml_status",
            Client::update_waba_mml_status as usize,
        ),
        (
            "update_whatsapp_user_name",
            Client::update_whatsapp_user_name as usize,
        ),
        ("whatsapp_call", Client::whatsapp_call as usize),
    ];
    let listed: Vec<&str> = methods.iter().map(|(n, _)| *n).collect();
    assert_eq!(listed, NAMES);
}

#[test]
fn every_name_is_an_official_method_and_has_no_one_letter_word() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../codegen/cams-2020-06-06.json"
    );
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let official: Vec<String> = meta["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| op["py_method"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(official.len(), NAMES.len());
    for name in NAMES {
        assert!(
            name.split('_').all(|w| w.len() > 1),
            "{name} has a one-letter word"
        );
        let squashed = name.replace('_', "");
        assert!(
            official.iter().any(|o| o.replace('_', "") == squashed),
            "{name} matches no official method"
        );
    }
    for (ours, theirs) in [
        ("update_marketing_flow", "update_marketing_flow"),
        ("pause_marketing_flow", "pause_marketing_flow"),
        ("enable_whatsapp_roi_metric", "enable_whatsapp_roimetric"),
    ] {
        assert!(NAMES.contains(&ours) && official.iter().any(|o| o == theirs));
    }
}
