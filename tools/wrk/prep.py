# Prepares tools/wrk/run.sh's inputs from a luoshi serving the generated large
# institution: the office's session, 5,000 random measure pages, 200 deeper
# cursors of the overdue list, and progress reports by eight units' accounts
# on measures their units lead (not cancelled).
import json, random, sys, urllib.request, urllib.parse
base = sys.argv[1]; out = sys.argv[2]
def call(method, path, token=None, body=None):
    req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None)
    req.add_header("Content-Type", "application/json")
    if token: req.add_header("Authorization", "Bearer " + token)
    return json.load(urllib.request.urlopen(req))
office = call("POST", "/api/v1/sessions", body={"username": "p00001", "password": "bench-pw"})["token"]
codes, lead, cur = [], {}, ""
while True:
    d = call("GET", "/api/v1/measures?limit=100" + ("&cursor=" + cur if cur else ""), office)
    for m in d["items"]:
        codes.append(m["code"])
        if not m["cancelled"]: lead.setdefault(m["lead_unit"], []).append(m["code"])
    cur = d.get("next_cursor") or ""
    if not cur: break
cursors, cur = [], ""
while len(cursors) < 200:
    d = call("GET", "/api/v1/measures?limit=50&status=overdue" + ("&cursor=" + cur if cur else ""), office)
    cur = d.get("next_cursor") or ""
    if not cur: break
    cursors.append(cur)
rnd = random.Random(42)
pages = [rnd.choice(codes) for _ in range(5000)]
accts = call("GET", "/api/v1/accounts", office)["items"]
units, seen = [], set()
for a in accts:
    if a["role"] == "unit" and not a["disabled"] and a["unit"] not in seen and a["unit"] in lead and len(units) < 8:
        seen.add(a["unit"])
        tok = call("POST", "/api/v1/sessions", body={"username": a["username"], "password": "bench-pw"})["token"]
        units.append((tok, lead[a["unit"]]))
with open(out + "/office", "w") as f: f.write(office)
with open(out + "/pages.txt", "w") as f: f.write("\n".join("/measures/" + c for c in pages) + "\n")
with open(out + "/deep.txt", "w") as f: f.write("\n".join("/api/v1/measures?limit=50&status=overdue&cursor=" + urllib.parse.quote(c) for c in cursors) + "\n")
with open(out + "/reports.txt", "w") as f:
    for i in range(5000):
        tok, ms = units[i % len(units)]
        f.write(tok + " " + ms[(i // len(units)) % len(ms)] + "\n")
print(len(codes), "codes,", len(cursors), "cursors,", len(units), "unit accounts")
