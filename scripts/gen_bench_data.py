#!/usr/bin/env python3
"""Generate a realistic Outscraper-like export of N rows for benchmarks (seeded, deterministic).

About 30 columns; mixed countries (SA, AE, EG, GB, US, DE, FR, IN); national and international
phone formats, Arabic-Indic digits, several phones and e-mails per row, JSON in cells, a review
column with occasional names, e-mails and numbers; a few percent invalid values and duplicates.
Synthetic data: generated mobile numbers (US ones in the fictional 555 exchange), example.*
domains. Phone numbers and businesses are distinct per row except for the repeated ones.

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

# US numbers use the 555 exchange (reserved for fiction) under many area codes, so that a list
# of ten million rows still has distinct numbers.
US_AREAS = "201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 220 223 224 225 227 228 229 231 " \
    "234 235 239 240 248 251 252 253 254 256 260 262 267 269 270 272 274 276 279 281 283 301 302 303 304 305 307 " \
    "308 309 310 312 313 314 315 316 317 318 319 320 321 323 324 325 326 327 329 330 331 332 334 336 337 339 341 " \
    "346 347 350 351 352 353 360 361 363 364 369 380 385 386 401 402 404 405 406 407 408 409 410 412 413 414 415 " \
    "417 419 423 424 425 430 432 434 435 440 442 443 445 447 448 458 463 464 469 470 472 475".split()


def us(v):
    area, line = US_AREAS[int(v) // 10000 % len(US_AREAS)], v[3:]
    return f"({area}) 555-{line}", f"+1 {area}-555-{line}"


# Each country's (national, international) mobile number for a 7-digit serial `v`: valid
# numbers (checked with python phonenumbers), distinct for distinct serials.
COUNTRIES = [
    ("SA", "Saudi Arabia", "Riyadh", lambda v: (f"051{v}", f"+966 51 {v[:3]} {v[3:]}")),
    ("AE", "United Arab Emirates", "Dubai", lambda v: (f"050 {v}", f"+971 50 {v[:3]} {v[3:]}")),
    ("EG", "Egypt", "Cairo", lambda v: (f"0100 {v}", f"+20 100 {v}")),
    ("GB", "United Kingdom", "London", lambda v: (f"0740{v[:1]} {v[1:]}", f"+44 740{v[:1]} {v[1:]}")),
    ("US", "United States", "Denver", us),
    ("DE", "Germany", "Berlin", lambda v: (f"0151 2{v}", f"+49 151 2{v}")),
    ("FR", "France", "Paris", lambda v: (f"06 1{v[0]} {v[1:3]} {v[3:5]} {v[5:]}", f"+33 6 1{v[0]} {v[1:3]} {v[3:5]} {v[5:]}")),
    ("IN", "India", "Mumbai", lambda v: (f"0812{v[:2]} {v[2:]}", f"+91 812{v[:2]} {v[2:]}")),
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
            # ~3% of rows repeat an earlier row's business (same phones, e-mails, country).
            j = i if rng.random() > 0.03 else rng.randrange(max(i, 1))
            cc, country, city, phones = COUNTRIES[j % len(COUNTRIES)]
            national, international = phones(f"{j // len(COUNTRIES) % 10_000_000:07d}")
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
