// SqliteStore's alerts table: what the change detectors found, stored once
// per key so that no alert is reported twice.
#include "src/storage/sqlite_store.h"

namespace parley::internal {

StatusOr<bool> SqliteStore::PutAlert(const StoredAlert& alert) {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(
      Stmt st, db_->Prepare("INSERT INTO alerts (key, kind, window_start, window_end, "
                            "detected_at, body, delivered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                            "ON CONFLICT(key) DO NOTHING"));
  st.Text(1, alert.key);
  st.Text(2, alert.kind);
  st.Int(3, alert.window_start_ms);
  st.Int(4, alert.window_end_ms);
  st.Int(5, alert.detected_at_ms);
  st.Text(6, alert.body);
  st.Int(7, alert.delivered_at_ms);
  PARLEY_RETURN_IF_ERROR(db_->Run(st, "cannot store an alert"));
  return sqlite3_changes(db_->raw()) > 0;
}

StatusOr<std::vector<StoredAlert>> SqliteStore::Alerts(int64_t from_ms, int64_t to_ms) {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(
      Stmt st, db_->Prepare("SELECT key, kind, window_start, window_end, detected_at, body, "
                            "delivered_at FROM alerts WHERE window_start >= ?1 AND "
                            "window_start < ?2 ORDER BY window_start, key"));
  st.Int(1, from_ms);
  st.Int(2, to_ms);
  std::vector<StoredAlert> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    StoredAlert a;
    a.key = st.ColText(0);
    a.kind = st.ColText(1);
    a.window_start_ms = st.ColInt(2);
    a.window_end_ms = st.ColInt(3);
    a.detected_at_ms = st.ColInt(4);
    a.body = st.ColText(5);
    if (!st.ColNull(6)) a.delivered_at_ms = st.ColInt(6);
    out.push_back(std::move(a));
  }
  if (rc != SQLITE_DONE) return db_->Error(rc, "cannot read alerts");
  return out;
}

Status SqliteStore::MarkAlertDelivered(std::string_view key, int64_t at_ms) {
  PARLEY_RETURN_IF_ERROR(Ready());
  PARLEY_ASSIGN_OR_RETURN(Stmt st,
                          db_->Prepare("UPDATE alerts SET delivered_at = ?2 WHERE key = ?1"));
  st.Text(1, key);
  st.Int(2, at_ms);
  return db_->Run(st, "cannot mark an alert delivered");
}

}  // namespace parley::internal
