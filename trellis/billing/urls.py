from django.urls import path

from trellis.billing import (
    client_views,
    correction_views,
    diagnosis_views,
    ledger_views,
    payer_rule_views,
    queue_csv_views,
    views,
)

app_name = "billing"

urlpatterns = [
    path("", views.queue_view, name="queue"),
    path("held.csv", queue_csv_views.held_charges_csv_view, name="held_csv"),
    path("recheck/", views.recheck_view, name="recheck"),
    path("capture/", views.capture_view, name="capture"),
    path("charges/<uuid:pk>/recheck/", views.recheck_charge_view, name="recheck_charge"),
    path("charges/<uuid:pk>/release/", views.release_charge_view, name="release_charge"),
    path("reports/", views.reports_view, name="reports"),
    path("claims/", views.claims_view, name="claims"),
    path("claims/batch/build/", views.build_batch_view, name="build_batch"),
    path("claims/batch/export/", views.export_batch_view, name="export_batch"),
    path("claims/batch/secondary/", views.prepare_secondary_claims_view, name="prepare_secondary_claims"),
    path("claims/files/<uuid:pk>/837/", views.download_claim_file_view, name="download_claim_file"),
    path("claims/files/<uuid:pk>/notice/", views.download_claim_notice_view, name="download_claim_notice"),
    path("claims/<uuid:pk>/decide/", views.decide_claim_view, name="decide_claim"),
    path("claims/<uuid:pk>/correct/", correction_views.correct_claim_view, name="correct_claim"),
    path("claims/<uuid:pk>/void/", correction_views.void_claim_view, name="void_claim"),
    path("claims/remittance/", views.import_remittance_view, name="import_remittance"),
    path("payers/", views.payers_view, name="payers"),
    path("payers/<uuid:pk>/fees/add/", views.add_fee_view, name="add_fee"),
    path("payers/<uuid:pk>/rules/", payer_rule_views.change_payer_rules_view, name="change_payer_rules"),
    path("clients/<uuid:pk>/", client_views.client_view, name="client"),
    path("clients/<uuid:pk>/coverage/add/", client_views.add_coverage_view, name="add_coverage"),
    path("clients/<uuid:pk>/diagnoses/add/", client_views.add_diagnosis_view, name="add_diagnosis"),
    path(
        "clients/<uuid:pk>/authorizations/add/", client_views.add_authorization_view, name="add_authorization"
    ),
    path(
        "clients/<uuid:pk>/diagnoses/record/", diagnosis_views.record_diagnosis_view, name="record_diagnosis"
    ),
    path("diagnoses/<uuid:pk>/primary/", diagnosis_views.make_primary_view, name="diagnosis_primary"),
    path("diagnoses/<uuid:pk>/resolve/", diagnosis_views.resolve_view, name="diagnosis_resolve"),
    path("clients/<uuid:pk>/estimate/", client_views.estimate_view, name="estimate"),
    path("clients/<uuid:pk>/certify/", client_views.certify_view, name="certify"),
    path("authorizations/<uuid:pk>/packet.pdf", client_views.review_packet_view, name="review_packet"),
    path("remittances/", ledger_views.remittances_view, name="remittances"),
    path("denials/", ledger_views.denials_view, name="denials"),
    path(
        "clients/<uuid:pk>/payments/add/", ledger_views.add_patient_payment_view, name="add_patient_payment"
    ),
    path("clients/<uuid:pk>/statement.pdf", ledger_views.statement_view, name="statement"),
]
