import json
from pathlib import Path

SAMPLE = (Path(__file__).parents[1] / "data" / "sample_nato.txt").read_text()

async def test_smoke(client, admin_headers):
    r = await client.post("/v1/articles?extract=false", json={"text": SAMPLE, "url": "https://ex.com/a", "facts": {"entities": [{"name": "Mark Rutte", "type": "person", "mentions": [{"paragraph_index": 0, "quote": "Mark Rutte"}]}], "commitments": [{"actor": {"name": "NATO"}, "metric": "defense spending", "share_of_gdp": {"from": 2, "to": 5}, "target_year": 2035, "citations": [{"paragraph_index": 4, "quote": "increase defense spending from 2% to 5% of GDP by 2035"}]}]}}, headers=admin_headers)
    print(r.status_code, r.headers)
    print(json.dumps(r.json(), indent=1)[:6000])
    r = await client.get("/v1/articles?q=NATO")
    print(r.status_code, r.text[:500])
    r = await client.get("/v1/search?q=NATO")
    print(r.status_code, r.text[:1500])
