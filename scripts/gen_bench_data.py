#!/usr/bin/env python3
"""Generate a realistic Outscraper-like export of N rows for benchmarks (seeded, deterministic).

About 30 columns; mixed countries (SA, AE, EG, GB, US, DE, FR, IN); national and international
phone formats, Arabic-Indic digits, several phones and e-mails per row, JSON in cells, a review
column with occasional names, e-mails and numbers; a few percent invalid values and duplicates.
No real person's data (example-number patterns, example.* domains).

Usage: python3 scripts/gen_bench_data.py ROWS OUT.csv
"""
import csv
import json
import random
import sys

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
OUT = sys.argv[2] if len(sys.argv) > 2 else "bench-data/export.csv"
rng = random.Random(1129)
AR = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

COUNTRIES = [
    ("SA", "Saudi Arabia", "Riyadh", lambda t: (f"05123{t}", f"+966 51 23{t[:1]} {t[1:]}")),
    ("AE", "United Arab Emirates", "Dubai", lambda t: (f"050 12{t}", f"+971 50 12{t[:1]} {t[1:]}")),
    ("EG", "Egypt", "Cairo", lambda t: (f"0100 12{t}", f"+20 100 12{t}")),
    ("GB", "United Kingdom", "London", lambda t: (f"07400 1{t}", f"+44 7400 1{t}")),
    ("US", "United States", "Denver", lambda t: (f"(201) 555-{t[:4]}", f"+1 201-555-{t[:4]}")),
    ("DE", "Germany", "Berlin", lambda t: (f"0151 23{t}", f"+49 151 23{t}")),
    ("FR", "France", "Paris", lambda t: (f"06 12 3{t[0]} {t[1:3]} {t[3:5]}", f"+33 6 12 3{t[0]} {t[1:3]} {t[3:5]}")),
    ("IN", "India", "Mumbai", lambda t: (f"081234 5{t[:4]}", f"+91 81234 5{t[:4]}")),
]
CATEGORIES = ["Dentist", "Restaurant", "Pharmacy", "Cafe", "Bakery", "Law firm", "Gym", "Car repair", "Hotel", "Clinic"]
HEADER = ["query", "name", "name_for_emails", "site", "subtypes", "category", "type", "phone", "full_address", "street",
          "city", "postal_code", "country", "country_code", "latitude", "longitude", "rating", "reviews", "working_hours",
          "business_status", "about", "owner_title", "place_id", "google_id", "email_1", "email_1_full_name", "email_2",
          "phone_1", "phone_2", "review_text"]


def main():
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(ROWS):
            cc, country, city, phones = COUNTRIES[i % len(COUNTRIES)]
            j = i if rng.random() > 0.03 else rng.randrange(max(i, 1))  # ~3% duplicates
            t = f"{j % 100000:05d}"
            national, international = phones(t)
            phone = international if j % 2 else national
            if cc in ("SA", "AE", "EG") and j % 17 == 0:
                phone = phone.translate(AR)
            if j % 50 == 0:
                phone = "12345"  # invalid
            cat = CATEGORIES[j % len(CATEGORIES)]
            name = f"{city} {cat} {j}"
            domain = f"biz{j}.example.{cc.lower()}"
            email1 = [f"info@{domain}", f"owner{j}@gmail.com", f"sales@{domain}", f"a.b{j}@{domain}", ""][j % 5]
            email2 = f"contact@{domain}" if j % 3 == 0 else ""
            review = ""
            if j % 4 == 0:
                review = "Great service, friendly staff and fair prices. Would come back."
            elif j % 4 == 1:
                review = f"Call Ahmed on {national} or write to ahmed{j}@gmail.com for bookings."
            w.writerow([
                f"{cat.lower()}s in {city}", name, name, f"https://{domain}/", f"{cat}, Service", cat, cat, phone,
                f"{j} Main St, {city}, {country}", f"{j} Main St", city, f"{10000 + j % 90000}", country, cc,
                f"{24 + (j % 1000) / 1000:.6f}", f"{46 + (j % 997) / 997:.6f}", f"{3 + (j % 20) / 10:.1f}", j % 900,
                json.dumps({"Monday": "9AM-9PM", "Friday": "Closed"}), "OPERATIONAL",
                json.dumps({"Accessibility": {"Wheelchair accessible entrance": True}}), name,
                f"ChIJ{j:022d}", f"0x0:0x{j:012x}", email1, "Ahmed Ali" if j % 5 == 3 else "", email2,
                international if j % 2 == 0 else "", national if j % 7 == 0 else "", review,
            ])


if __name__ == "__main__":
    main()
