def test_api_docs_and_schema_are_served_without_a_cdn(db, client):
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
    schema = client.get("/api/openapi.json").json()
    assert {"/api/units", "/api/members", "/api/members/{member_id}"} <= set(schema["paths"])
