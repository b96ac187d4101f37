#!/usr/bin/env python3
"""Regenerate sample-data/: realistic, synthetic contact-list exports.

No real person's data: phone numbers come from libphonenumber example-number patterns (last
digits varied) or from ranges reserved for drama (UK 07700 900xxx and 020 7946 0xxx, US
555-01xx); e-mail domains are under example.* or are well-known free-mail providers with
synthetic local parts; names are invented combinations.

Usage: python3 scripts/gen_sample_data.py [OUTDIR]   (default: sample-data)
Deterministic: the same script writes byte-identical files.
"""
import csv
import hashlib
import io
import json
import os
import random
import sys
import zipfile

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "sample-data")
rng = random.Random(20261129)

AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

FIRST = ["Ahmed", "Sara", "Omar", "Layla", "Yousef", "Noura", "Khalid", "Mona", "James", "Emma",
         "Pierre", "Claire", "Hans", "Anna", "Priya", "Rahul", "Fatima", "Hassan", "Mariam", "Ali"]
LAST = ["Alharbi", "Qahtani", "Mansour", "Haddad", "Smith", "Taylor", "Dubois", "Martin",
        "Schmidt", "Weber", "Sharma", "Patel", "Farouk", "Nasser", "Saleh", "Khan"]
AR_FIRST = ["أحمد", "سارة", "عمر", "ليلى", "يوسف", "نورة", "خالد", "منى", "فاطمة", "حسن"]
AR_LAST = ["الحربي", "القحطاني", "المنصور", "الحداد", "العتيبي", "الشمري", "فاروق", "ناصر"]

CATEGORIES = [
    ("Dentist", "طبيب أسنان", "Dentiste"),
    ("Dental clinic", "عيادة أسنان", "Cabinet dentaire"),
    ("Restaurant", "مطعم", "Restaurant"),
    ("Pharmacy", "صيدلية", "Pharmacie"),
    ("Cafe", "مقهى", "Café"),
    ("Bakery", "مخبز", "Boulangerie"),
    ("Law firm", "مكتب محاماة", "Cabinet d'avocats"),
    ("Gym", "نادي رياضي", "Salle de sport"),
    ("Psychiatrist", "طبيب نفسي", "Psychiatre"),
    ("Kindergarten", "روضة أطفال", "École maternelle"),
    ("Mosque", "مسجد", "Mosquée"),
    ("Car repair", "ورشة سيارات", "Garage automobile"),
]

COUNTRIES = {
    "SA": dict(city="Riyadh", ar_city="الرياض", country="Saudi Arabia", ar_country="السعودية", lat=24.71, lng=46.67, tld="sa"),
    "AE": dict(city="Dubai", ar_city="دبي", country="United Arab Emirates", ar_country="الإمارات", lat=25.20, lng=55.27, tld="ae"),
    "EG": dict(city="Cairo", ar_city="القاهرة", country="Egypt", ar_country="مصر", lat=30.04, lng=31.24, tld="eg"),
    "GB": dict(city="London", ar_city="لندن", country="United Kingdom", ar_country="المملكة المتحدة", lat=51.51, lng=-0.13, tld="co.uk"),
    "US": dict(city="Denver", ar_city="دنفر", country="United States", ar_country="الولايات المتحدة", lat=39.74, lng=-104.99, tld="com"),
    "FR": dict(city="Paris", ar_city="باريس", country="France", ar_country="فرنسا", lat=48.86, lng=2.35, tld="fr"),
    "DE": dict(city="Berlin", ar_city="برلين", country="Germany", ar_country="ألمانيا", lat=52.52, lng=13.40, tld="de"),
    "IN": dict(city="Mumbai", ar_city="مومباي", country="India", ar_country="الهند", lat=19.08, lng=72.88, tld="in"),
}

FREE_MAIL = ["gmail.com", "hotmail.com", "yahoo.com", "outlook.sa", "yahoo.com.sa", "hotmail.ae", "outlook.com"]


def two(n):
    return f"{n % 100:02d}"


def phone(cc, kind, n):
    """Returns (display_national, display_international, e164) for a synthetic number."""
    d = two(n)
    d3 = f"{n % 1000:03d}"
    if cc == "SA":
        if kind == "mobile":
            return f"05123456{d}", f"+966 51 234 56{d}", f"+9665123456{d}"
        return f"0112345 6{d}", f"+966 11 234 56{d}", f"+9661123456{d}"
    if cc == "AE":
        if kind == "mobile":
            return f"050 1234 5{d}", f"+971 50 123 45{d}", f"+9715012345{d}"
        return f"02 234 56{d}", f"+971 2 234 56{d}", f"+97122345 6{d}".replace(" ", "")
    if cc == "EG":
        if kind == "mobile":
            return f"0100 123 45{d}", f"+20 100 123 45{d}", f"+2010012345{d}"
        return f"02 345678{d}", f"+20 2 345678{d}", f"+202345678{d}"
    if cc == "GB":
        if kind == "mobile":
            return f"07400 123{d3}", f"+44 7400 123{d3}", f"+447400123{d3}"
        return f"020 7946 0{d3}", f"+44 20 7946 0{d3}", f"+44207946 0{d3}".replace(" ", "")
    if cc == "US":
        return f"(201) 555-01{d}", f"+1 201-555-01{d}", f"+12015550 1{d}".replace(" ", "")
    if cc == "FR":
        if kind == "mobile":
            return f"06 12 34 56 {d}", f"+33 6 12 34 56 {d}", f"+336123456{d}"
        return f"01 23 45 67 {d}", f"+33 1 23 45 67 {d}", f"+331234567{d}"
    if cc == "DE":
        if kind == "mobile":
            return f"0151 234567{d}", f"+49 151 234567{d}", f"+49151234567{d}"
        return f"030 1234 56{d}", f"+49 30 1234 56{d}", f"+4930123456{d}"
    if cc == "IN":
        return f"081234 567{d}", f"+91 81234 567{d}", f"+918123456{d}".replace(" ", "") + ""
    raise ValueError(cc)


def slug(text):
    return "".join(c.lower() if c.isalnum() else "-" for c in text).strip("-").replace("--", "-")


class Biz:
    """One synthetic business listing, with everything any exporter might show."""

    def __init__(self, i, cc):
        self.i = i
        self.cc = cc
        meta = COUNTRIES[cc]
        self.meta = meta
        cat = CATEGORIES[i % len(CATEGORIES)]
        self.category, self.ar_category, self.fr_category = cat
        owner_first, owner_last = rng.choice(FIRST), rng.choice(LAST)
        self.owner = f"{owner_first} {owner_last}"
        # Every fourth listing is a sole trader named after its owner.
        if i % 4 == 3:
            self.name = f"Dr. {self.owner}" if "Dent" in self.category or "Psych" in self.category else f"{self.owner} {self.category}"
        else:
            self.name = f"{meta['city']} {rng.choice(['Smile', 'Family', 'Central', 'Royal', 'Green', 'Star'])} {self.category}"
        self.ar_name = f"{self.ar_category} {rng.choice(AR_LAST)}"
        self.kind = "mobile" if i % 3 != 1 else "fixed"
        self.national, self.international, self.e164 = phone(cc, self.kind, 10 + i)
        self.national2, self.international2, self.e164_2 = phone(cc, "mobile", 60 + i)
        domain = f"{slug(self.name)}.example.{meta['tld']}"
        self.website = f"https://{domain}/"
        local_person = f"{owner_first.lower()}.{owner_last.lower()}"
        if i % 5 == 0:
            self.email = f"info@{domain}"
        elif i % 5 == 1:
            self.email = f"{local_person}{i}@{FREE_MAIL[i % len(FREE_MAIL)]}"
        elif i % 5 == 2:
            self.email = f"{local_person}@{domain}"
        elif i % 5 == 3:
            self.email = f"bookings@{domain}"
        else:
            self.email = ""
        self.email2 = f"sales@{domain}" if i % 2 == 0 else ""
        self.street = f"{10 + i} {rng.choice(['King Fahd Rd', 'Main St', 'Rue de Rivoli', 'Hauptstrasse', 'High St'])}"
        self.address = f"{self.street}, {meta['city']}, {meta['country']}"
        self.lat = round(meta["lat"] + rng.uniform(-0.05, 0.05), 6)
        self.lng = round(meta["lng"] + rng.uniform(-0.05, 0.05), 6)
        self.rating = round(rng.uniform(3.2, 5.0), 1)
        self.review_count = rng.randint(3, 900)
        self.place_id = "ChIJ" + hashlib.sha1(f"{cc}{i}".encode()).hexdigest()[:23]
        self.cid = str(int(hashlib.sha1(f"cid{cc}{i}".encode()).hexdigest()[:15], 16))
        self.scraped_at = f"2026-{1 + i % 11:02d}-{1 + i % 27:02d}T10:{i % 60:02d}:00.000Z"
        reviewer = f"{rng.choice(FIRST)} {rng.choice(LAST)[0]}."
        text = rng.choice([
            "Great service, friendly staff.",
            f"Booked through the owner directly on {self.national2}, very quick.",
            f"Ask for {self.owner}, he answers at {local_person}@gmail.com.",
            "Clean place and fair prices.",
        ])
        self.reviews = [{"name": reviewer, "text": text, "stars": rng.randint(3, 5)}]

    def hours(self):
        return {"Monday": "9AM-9PM", "Tuesday": "9AM-9PM", "Friday": "Closed"}


def businesses(n, countries):
    return [Biz(i, countries[i % len(countries)]) for i in range(n)]


def write_csv(name, header, rows, delimiter=",", bom=False, encoding="utf-8", crlf=False, quote_all=False):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n",
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        assert len(row) == len(header), (name, len(row), len(header))
        writer.writerow(row)
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def outscraper():
    header = ["query", "name", "name_for_emails", "site", "subtypes", "category", "type", "phone",
              "full_address", "street", "city", "postal_code", "country", "country_code", "latitude", "longitude",
              "rating", "reviews", "reviews_link", "working_hours", "working_hours_old_format", "business_status",
              "about", "owner_title", "owner_link", "location_link", "place_id", "google_id",
              "email_1", "email_1.emails_validator.status", "email_1_full_name", "email_1_title",
              "email_2", "email_2.emails_validator.status", "phone_1", "phone_1.phones_enricher.carrier_type",
              "phone.whitepages_phones.name", "whatsapp"]
    rows = []
    for b in businesses(24, ["SA", "AE", "EG", "GB", "US", "FR", "DE", "IN"]):
        rows.append([
            f"{b.category.lower()}s, {b.meta['city']}", b.name, b.name, b.website,
            f"{b.category}, Health" if "Dent" in b.category else b.category, b.category, b.category,
            b.international, b.address, b.street, b.meta["city"], f"{10000 + b.i}", b.meta["country"], b.cc,
            b.lat, b.lng, b.rating, b.review_count, f"https://www.google.com/maps/place/?q=place_id:{b.place_id}",
            json.dumps(b.hours()), "|".join(f"{k}:{v}" for k, v in b.hours().items()), "OPERATIONAL",
            json.dumps({"Accessibility": {"Wheelchair accessible entrance": True}}), b.name,
            f"https://www.google.com/maps/contrib/{b.cid}", f"https://www.google.com/maps/place/?cid={b.cid}",
            b.place_id, f"0x0:0x{b.cid[:10]}",
            b.email, "RECEIVING" if b.email else "", b.owner if b.email and "info" not in b.email else "",
            "Owner" if b.email else "",
            b.email2, "UNKNOWN" if b.email2 else "",
            b.international2 if b.i % 2 == 0 else "", "mobile" if b.i % 2 == 0 else "",
            b.owner if b.i % 6 == 0 else "",
            f"https://wa.me/{b.e164_2[1:]}" if b.i % 3 == 0 else "",
        ])
    write_csv("outscraper.csv", header, rows)


def outscraper_contacts():
    header = ["place_id", "name", "name_for_emails", "category", "subtypes", "latitude", "longitude", "address",
              "city", "state", "postal_code", "time_zone", "domain", "website", "phone", "rating", "reviews",
              "business_status", "verified", "google_id", "source", "company_linkedin", "website_title",
              "full_name", "first_name", "last_name", "title", "email"]
    rows = []
    for b in businesses(16, ["US", "GB", "DE", "FR"]):
        first, last = b.owner.split(" ")
        rows.append([b.place_id, b.name, b.name, b.category, b.category, b.lat, b.lng, b.address, b.meta["city"],
                     "", f"{20000 + b.i}", "Europe/London", b.website.split("/")[2], b.website, b.international,
                     b.rating, b.review_count, "OPERATIONAL", "TRUE", f"0x0:0x{b.cid[:10]}", "google_maps",
                     "", b.name, b.owner, first, last, "Owner",
                     f"{first.lower()}.{last.lower()}@{b.website.split('/')[2]}"])
    write_csv("outscraper-contacts.csv", header, rows)


def apify_items(n):
    items = []
    for b in businesses(n, ["AE", "SA", "US", "GB", "EG"]):
        item = {
            "searchString": f"{b.category} in {b.meta['city']}",
            "rank": b.i + 1,
            "title": b.name,
            "categoryName": b.category,
            "address": b.address,
            "street": b.street,
            "city": b.meta["city"],
            "countryCode": b.cc,
            "website": b.website,
            "phone": b.national,
            "phoneUnformatted": b.e164,
            "location": {"lat": b.lat, "lng": b.lng},
            "totalScore": b.rating,
            "placeId": b.place_id,
            "categories": [b.category, "Health"] if "Dent" in b.category else [b.category],
            "reviewsCount": b.review_count,
            "scrapedAt": b.scraped_at,
            "emails": [e for e in [b.email, b.email2] if e],
            "phones": [b.international2] if b.i % 2 == 0 else [],
            "reviews": [{"name": r["name"], "text": r["text"], "stars": r["stars"]} for r in b.reviews],
        }
        items.append(item)
    return items


def flatten(value, prefix, out):
    if isinstance(value, dict) and value:
        for k, v in value.items():
            flatten(v, f"{prefix}/{k}" if prefix else k, out)
    elif isinstance(value, list) and value:
        for i, v in enumerate(value):
            flatten(v, f"{prefix}/{i}", out)
    else:
        if value is None or value == [] or value == {}:
            out[prefix] = ""
        elif isinstance(value, bool):
            out[prefix] = "true" if value else "false"
        else:
            out[prefix] = str(value)


def apify():
    items = apify_items(20)
    with open(os.path.join(OUT, "apify.json"), "w", encoding="utf-8") as f:
        json.dump(items, f, ensure_ascii=False, indent=2)
        f.write("\n")
    flat = []
    for item in items:
        out = {}
        flatten(item, "", out)
        flat.append(out)
    header = sorted({k for row in flat for k in row})
    rows = [[row.get(k, "") for k in header] for row in flat]
    # Apify adds a UTF-8 BOM to CSV exports by default.
    write_csv("apify.csv", header, rows, bom=True)


def gmaps_extractor():
    header = ["Name", "Description", "Fulladdress", "Street", "Municipality", "Categories", "About", "Plus Code",
              "Time Zone", "Price", "Note", "Amenities", "Hotel Class", "Phone", "Phones", "Claimed", "Owner",
              "Owner Id", "Owner Link", "Email", "Social Medias", "Review Count", "Average Rating", "Review URL",
              "Google Maps URL", "Google Knowledge URL", "Latitude", "Longitude", "Website", "Domain",
              "Opening Hours", "Featured Image", "Cid", "Fid", "Place Id", "Kgmid"]
    rows = []
    for b in businesses(20, ["SA", "AE", "EG", "GB"]):
        rows.append([b.name, f"{b.category} in {b.meta['city']}", b.address, b.street, b.meta["city"],
                     b.category, "", "", "Asia/Riyadh", "", "Parking at the back\nAsk for the manager" if b.i % 4 == 0 else "",
                     "", "", b.national, f"{b.national}, {b.national2}" if b.i % 2 == 0 else b.national,
                     "YES" if b.i % 3 else "NO", b.owner, b.cid, f"https://www.google.com/maps/contrib/{b.cid}",
                     b.email, f"https://facebook.com/{slug(b.name)}", b.review_count, b.rating,
                     f"https://search.google.com/local/reviews?placeid={b.place_id}",
                     f"https://www.google.com/maps/place/?cid={b.cid}", "", b.lat, b.lng, b.website,
                     b.website.split("/")[2], "Mon: 9AM-9PM", "", b.cid, f"0x0:0x{b.cid[:10]}", b.place_id, ""])
    write_csv("gmaps-extractor.csv", header, rows, quote_all=True)


def phantombuster():
    header = ["placeUrl", "title", "rating", "reviewCount", "category", "address", "plusCode", "website",
              "phoneNumber", "currentStatus", "imgUrl", "isClaimed", "latitude", "longitude", "query", "timestamp",
              "wednesday", "thursday", "friday", "saturday", "sunday", "monday", "tuesday", "info", "isBlackOwned", "error"]
    rows = []
    for b in businesses(16, ["US", "GB"]):
        rows.append([f"https://www.google.com/maps/place/?cid={b.cid}", b.name, b.rating, b.review_count, b.category,
                     b.address, "", b.website, b.national, "Open", "", "true", b.lat, b.lng,
                     f"https://www.google.com/maps/search/{slug(b.category)}+{slug(b.meta['city'])}",
                     b.scraped_at, "9AM–5PM", "9AM–5PM", "9AM–5PM", "Closed", "Closed", "9AM–5PM", "9AM–5PM",
                     "Wheelchair accessible", "false", ""])
    write_csv("phantombuster.csv", header, rows)


def gosom():
    header = ["input_id", "link", "title", "category", "address", "open_hours", "popular_times", "website", "phone",
              "plus_code", "review_count", "review_rating", "reviews_per_rating", "latitude", "longitude", "cid",
              "status", "descriptions", "reviews_link", "thumbnail", "timezone", "price_range", "data_id",
              "street_view_url", "place_id", "images", "reservations", "order_online", "menu", "owner",
              "complete_address", "credit_cards_accepted", "about", "user_reviews", "user_reviews_extended", "emails"]
    rows = []
    json_rows = []
    for b in businesses(20, ["EG", "AE", "SA", "FR", "DE"]):
        complete = {"borough": "", "street": b.street, "city": b.meta["city"], "postal_code": f"{30000 + b.i}",
                    "state": "", "country": b.cc}
        owner = {"id": b.cid, "name": b.owner, "link": f"https://www.google.com/maps/contrib/{b.cid}"}
        reviews = [{"Name": r["name"], "ProfilePicture": "", "Rating": r["stars"], "Description": r["text"],
                    "Images": None, "When": "2 months ago"} for r in b.reviews]
        emails = ", ".join(e for e in [b.email, b.email2] if e)
        row = {
            "input_id": f"q{b.i % 3}", "link": f"https://www.google.com/maps/place/?cid={b.cid}", "title": b.name,
            "category": b.category, "address": b.address,
            "open_hours": json.dumps({"Monday": ["9 am–9\u202fpm"]}, ensure_ascii=False),
            "popular_times": "{}", "website": b.website,
            # gosom writes the number as Google shows it: national, no country code.
            "phone": b.national, "plus_code": "", "review_count": b.review_count,
            "review_rating": f"{b.rating:f}", "reviews_per_rating": json.dumps({"5": 10}), "latitude": f"{b.lat:f}",
            "longitude": f"{b.lng:f}", "cid": b.cid, "status": "Open", "descriptions": "", "reviews_link": "",
            "thumbnail": "", "timezone": "Africa/Cairo", "price_range": "", "data_id": f"0x0:0x{b.cid[:10]}",
            "street_view_url": "", "place_id": b.place_id, "images": "[]", "reservations": "[]",
            "order_online": "[]", "menu": "{}", "owner": json.dumps(owner, ensure_ascii=False),
            "complete_address": json.dumps(complete, ensure_ascii=False), "credit_cards_accepted": "",
            "about": "[]", "user_reviews": json.dumps(reviews, ensure_ascii=False), "user_reviews_extended": "[]",
            "emails": emails,
        }
        rows.append([row[h] for h in header])
        json_row = dict(row)
        json_row["owner"] = owner
        json_row["complete_address"] = complete
        json_row["user_reviews"] = reviews
        json_row["emails"] = [e for e in [b.email, b.email2] if e]
        json_rows.append(json_row)
    write_csv("gosom.csv", header, rows)
    with open(os.path.join(OUT, "gosom.ndjson"), "w", encoding="utf-8") as f:
        for r in json_rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def omkarcloud():
    header = ["place_id", "name", "reviews", "main_category", "categories", "rating", "address", "link", "query",
              "description", "is_spending_on_ads", "competitors", "website", "can_claim", "emails", "phones",
              "owner_name", "owner_profile_link", "featured_image", "workday_timing", "is_temporarily_closed",
              "closed_on", "phone", "phone_international", "review_keywords"]
    rows = []
    for b in businesses(16, ["IN", "AE", "SA", "GB"]):
        rows.append([b.place_id, b.name, b.review_count, b.category, f"{b.category}, Service", b.rating, b.address,
                     f"https://www.google.com/maps/place/?cid={b.cid}", f"{b.category} in {b.meta['city']}", "",
                     "False", "Competitor A\nCompetitor B", b.website, "False",
                     ", ".join(e for e in [b.email, b.email2] if e),
                     f"{b.national}, {b.national2}", b.owner, f"https://www.google.com/maps/contrib/{b.cid}", "",
                     "9AM-9PM", "False", "Friday", b.national, b.international, "service, staff"])
    write_csv("omkarcloud.csv", header, rows)


def hubspot():
    header = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number",
              "Company Name", "Lead Status", "Create Date", "Country/Region", "Contact owner",
              "Legal basis for processing contact's data", "Unsubscribed from all email", "Original Source"]
    bases = ["Freely given consent from contact", "Legitimate interest – prospect/lead",
             "Legitimate interest – existing customer", "Performance of a contract", "Not applicable", ""]
    rows = []
    for b in businesses(20, ["GB", "DE", "FR", "US", "AE"]):
        first, last = b.owner.split(" ")
        rows.append([str(5100 + b.i), first, last, f"{first.lower()}.{last.lower()}{b.i}@example.org",
                     b.international if b.kind == "fixed" else "", b.international2, b.name,
                     ["New", "Open", "Connected"][b.i % 3], f"2025-{1 + b.i % 12:02d}-15 09:30",
                     b.meta["country"], "Sam Seller", bases[b.i % len(bases)],
                     "true" if b.i % 7 == 3 else "false",
                     ["Offline Sources", "Organic Search", "Paid Social", "Direct Traffic"][b.i % 4]])
    write_csv("hubspot.csv", header, rows)


def salesforce():
    header = ["FirstName", "LastName", "Email", "Phone", "MobilePhone", "Company", "Title", "LeadSource", "Status",
              "Country", "DoNotCall", "HasOptedOutOfEmail", "OwnerId"]
    rows = []
    for b in businesses(16, ["US", "GB", "DE", "SA"]):
        first, last = b.owner.split(" ")
        rows.append([first, last, f"{first.lower()}.{last.lower()}{b.i}@example.org", b.international,
                     b.international2, b.name, "Owner", ["Web", "Purchased List", "Trade Show", "Partner"][b.i % 4],
                     "Open - Not Contacted", b.cc, "true" if b.i % 5 == 2 else "false",
                     "true" if b.i % 6 == 1 else "false", "005000000000001"])
    write_csv("salesforce.csv", header, rows, crlf=True)


def arabic_rows(digits_arabic):
    rows = []
    for b in businesses(24, ["SA", "AE", "EG"]):
        national = b.national
        if digits_arabic and b.i % 2 == 0:
            national = national.translate(AR_DIGITS)
        rows.append([b.ar_name, f"{rng.choice(AR_FIRST)} {rng.choice(AR_LAST)}", national,
                     b.national2 if b.i % 3 == 0 else "", b.email, f"{b.i + 5} شارع الملك فهد، {b.meta['ar_city']}",
                     b.meta["ar_city"], b.meta["ar_country"], b.ar_category, b.website, "خرائط جوجل"])
    return rows


def arabic():
    header = ["الاسم", "المالك", "رقم الجوال", "واتساب", "البريد الإلكتروني", "العنوان", "المدينة", "الدولة",
              "نوع النشاط", "الموقع الإلكتروني", "المصدر"]
    write_csv("gulf-arabic-utf8-bom.csv", header, arabic_rows(True), bom=True)
    # windows-1256 has no Arabic-Indic digits: Excel in an Arabic locale saves ASCII digits.
    header_variant = ["الاسم", "المالك", "رقم الهاتف", "واتساب", "البريد الالكتروني", "العنوان", "المدينة",
                      "الدولة", "التصنيف", "الموقع الالكتروني", "المصدر"]
    write_csv("gulf-arabic-windows-1256.csv", header_variant, arabic_rows(False), encoding="cp1256", crlf=True)


def french_excel():
    header = ["nom", "téléphone", "adresse", "ville", "pays", "catégorie", "site_web", "e-mail"]
    rows = []
    for b in businesses(16, ["FR"]):
        rows.append([b.name.replace("Paris", "Café de Paris") if b.i % 5 == 0 else b.name, b.national,
                     f"{b.i + 3}, rue de Rivoli", "Paris", "France", b.fr_category, b.website, b.email])
    # Excel in a French locale: semicolon, CRLF, windows-1252.
    write_csv("french-excel-semicolon.csv", header, rows, delimiter=";", encoding="cp1252", crlf=True)


def crm_consent():
    header = ["contact_id", "full name", "mobile", "email", "country", "lead source", "consent status",
              "consent date", "consent method", "consent channels", "consent proof", "consent obtained by",
              "withdrawn at", "unsubscribed", "do not call", "collected at"]
    methods = ["double_opt_in", "web_form", "single_opt_in", "implied", "pre_ticked", "written", "verbal_recorded", "unknown"]
    rows = []
    for b in businesses(24, ["GB", "SA", "AE", "FR", "DE", "US", "EG"]):
        method = methods[b.i % len(methods)]
        rows.append([f"C-{1000 + b.i}", b.owner, b.international2, f"{b.owner.split()[0].lower()}{b.i}@example.net",
                     b.cc, ["website", "purchased", "event", "partner"][b.i % 4],
                     "granted" if b.i % 6 else "withdrawn", f"2025-{1 + b.i % 12:02d}-{1 + b.i % 27:02d}",
                     method, ["sms;email", "email", "call", "all", "whatsapp"][b.i % 5],
                     f"form-{b.i:04d}" if b.i % 4 else "", "self" if b.i % 5 else "partner",
                     "2026-03-01" if b.i % 6 == 0 else "", "yes" if b.i % 9 == 4 else "no",
                     "true" if b.i % 10 == 7 else "false", f"2024-{1 + b.i % 12:02d}-01"])
    write_csv("crm-consent.csv", header, rows)


def consent_ledger():
    header = ["phone", "email", "consent_at", "method", "channels", "proof", "obtained_by", "withdrawn_at"]
    rows = []
    for b in businesses(12, ["SA", "AE", "GB", "FR"]):
        rows.append([b.international if b.i % 2 == 0 else b.national, b.email,
                     f"2025-{1 + b.i % 12:02d}-10", ["double_opt_in", "web_form", "implied", "written"][b.i % 4],
                     ["sms,email", "email", "all", "call"][b.i % 4], f"evidence/{b.i:04d}.pdf" if b.i % 3 else "",
                     "" if b.i % 5 else "list-broker", "2026-02-01" if b.i % 7 == 6 else ""])
    write_csv("consent-ledger.csv", header, rows)


def suppression():
    numbers = businesses(24, ["SA", "AE", "EG", "GB", "US", "FR", "DE", "IN"])
    with open(os.path.join(OUT, "suppress-plain.txt"), "w", encoding="utf-8") as f:
        f.write("# Internal do-not-contact list (phones and e-mails, any format)\n")
        for b in numbers[::5]:
            f.write(b.international + "\n")
        for b in numbers[1::7]:
            if b.email:
                f.write(b.email.upper() + "\n")
    with open(os.path.join(OUT, "suppress-hashed.txt"), "w", encoding="utf-8") as f:
        f.write("# SHA-256 of E.164 numbers and lower-cased e-mails\n")
        for b in numbers[2::6]:
            f.write("sha256:" + hashlib.sha256(b.e164.encode()).hexdigest() + "\n")
    with open(os.path.join(OUT, "us-dnc.txt"), "w", encoding="utf-8") as f:
        for n in range(100, 120, 4):
            f.write(f"201,55501{n % 100:02d}\n")
        f.write("2015550199\n")
    with open(os.path.join(OUT, "uk-tps.txt"), "w", encoding="utf-8") as f:
        for n in range(0, 40, 8):
            f.write(f"07400123{n:03d}".ljust(20) + "20261101\n")


def xlsx_arabic():
    """A minimal XLSX (inline strings) like the Arabic Google Maps XLSX export."""
    header = ["الاسم", "العنوان", "المدينة", "الولاية/المنطقة", "الهاتف", "واتساب", "الموقع الإلكتروني", "التصنيف", "رابط خرائط جوجل"]
    rows = [header]
    for b in businesses(12, ["SA", "AE"]):
        rows.append([b.ar_name, f"{b.i + 5} شارع التحلية، {b.meta['ar_city']}", b.meta["ar_city"], "",
                     b.national, int(b.e164_2[1:]), b.website, b.ar_category, f"https://www.google.com/maps/place/?cid={b.cid}"])

    def col(i):
        s = ""
        i += 1
        while i:
            i, r = divmod(i - 1, 26)
            s = chr(65 + r) + s
        return s

    def esc(v):
        return str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{col(c)}{r}"
            if isinstance(v, int):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{esc(v)}</t></is></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetViews><sheetView rightToLeft="1" workbookViewId="0"/></sheetViews>'
             f'<sheetData>{"".join(sheet_rows)}</sheetData></worksheet>')
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="النتائج" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    path = os.path.join(OUT, "gulf-arabic.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 29, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content.encode("utf-8"))


def french_interface():
    """A scrape from a home-made tool with a French interface: Paris, Casablanca, Dakar and
    Abidjan listings whose addresses name only the city."""
    header = ["Nom de l'entreprise", "Catégorie", "Adresse complète", "Téléphone", "Site web",
              "Email de contact", "Tous les emails", "Note (/5)", "Nombre d'avis", "Lien Google Maps",
              "Twitter / X"]
    places = [("FR", "Paris", "+33 1 23 45 67 {d}", "rue de Rivoli"),
              ("MA", "Casablanca", "+212 522 12 34 {d}", "boulevard Mohammed V"),
              ("SN", "Dakar", "+221 33 823 45 {d}", "avenue Cheikh Anta Diop"),
              ("CI", "Abidjan", "+225 27 22 44 55 {d}", "rue des Jardins, Cocody")]
    rows = []
    for i in range(16):
        cc, city, pattern, street = places[i % len(places)]
        d = two(30 + i)
        name = f"{rng.choice(['Boulangerie', 'Cabinet', 'Garage', 'Restaurant'])} {rng.choice(LAST)}"
        domain = f"{slug(name)}-{i}.example.com"
        first = f"contact@{domain}" if i % 3 else f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}{i}@gmail.com"
        rows.append([name, rng.choice(["Boulangerie", "Dentiste", "Garage automobile", "Restaurant"]),
                     f"{10 + i} {street}, {city}", pattern.format(d=d) if i % 5 else "",
                     f"https://{domain}/", first, f"{first}, ventes@{domain}" if i % 2 else first,
                     f"{rng.uniform(3.5, 5):.1f}", str(rng.randint(2, 400)),
                     f"https://www.google.com/maps/place/?q=place_id:ChIJ{hashlib.sha1(name.encode()).hexdigest()[:20]}",
                     f"https://x.com/{slug(name)}" if i % 4 == 0 else ""])
    write_csv("french-interface-scrape.csv", header, rows)


def arabic_interface():
    """A scrape from a tool with an Arabic interface: Riyadh, Jeddah, Cairo and Giza listings;
    the addresses never name the country and numbers are national, half in Arabic-Indic digits."""
    header = ["اسم النشاط", "التصنيف", "العنوان", "رقم الهاتف", "البريد الإلكتروني", "الموقع الإلكتروني",
              "التقييم", "عدد التقييمات"]
    places = [("SA", "حي العليا، الرياض", "05123457{d}"), ("SA", "شارع التحلية، جدة", "0122345{d}0"),
              ("EG", "شارع التحرير، الدقي، محافظة الجيزة", "0100 123 46{d}"),
              ("EG", "شارع قصر النيل، وسط البلد، محافظة القاهرة", "02 345679{d}")]
    rows = []
    for i in range(16):
        _, address, pattern = places[i % len(places)]
        d = two(40 + i)
        number = pattern.format(d=d)
        if i % 2 == 0:
            number = number.translate(AR_DIGITS)
        category = rng.choice(["مطعم", "مقهى", "محل ملابس", "ورشة سيارات"])
        name = f"{category} {rng.choice(AR_LAST)}"
        email = f"info@shop-{i}.example.com" if i % 3 == 0 else ""
        rows.append([name, category, f"{i + 3} {address}", number, email,
                     f"https://shop-{i}.example.com/" if i % 2 else "", f"{rng.uniform(3.5, 5):.1f}",
                     str(rng.randint(2, 400))])
    write_csv("arabic-interface-scrape.csv", header, rows)


def merged_leads():
    """A lead list merged from several directories and a CRM: best and all e-mails, an e-mail
    column written as JSON-array text, sources and consent values in several languages."""
    header = ["company_name", "owner_name", "owner_title", "best_email", "all_emails", "emails_json",
              "phone_normalized", "MailingCity", "MailingCountry", "lead_source", "consent_status",
              "consent_date", "consent_method", "consent_channels", "consent_proof"]
    sources = ["Website signup form", "Partner webinar", "ZoomInfo", "google_maps", "Trade Show",
               "Formulaire web", "قائمة مشتراة", "Salon Dubaï 2025"]
    statuses = ["Yes", "Declined", "Pending", "Nein", "مرفوض", "Opted in", "Unsubscribed", "", "Vielleicht"]
    cities = [("London", "United Kingdom", "GB"), ("Dubai", "UAE", "AE"), ("Toronto", "Canada", "CA"),
              ("Berlin", "Germany", "DE"), ("Riyadh", "Saudi Arabia", "SA")]
    numbers = {"GB": "+44 7400 124{d}", "AE": "+971 50 124 56{d2}", "CA": "+1 506 234 56{d2}",
               "DE": "+49 151 2345 67{d2}", "SA": "+966 51 234 57{d2}"}
    rows = []
    for i in range(18):
        city, country, cc = cities[i % len(cities)]
        company = f"{rng.choice(['Northwind', 'Contoso', 'Fabrikam', 'Tailspin'])} {rng.choice(['Trading', 'Clinic', 'Foods', 'Legal'])}"
        first, last = rng.choice(FIRST), rng.choice(LAST)
        domain = f"{slug(company)}-{i}.example.com"
        best = f"{first.lower()}.{last.lower()}@{domain}" if i % 3 else f"info@{domain}"
        others = [best, f"sales@{domain}"] + ([f"{first.lower()}{i}@gmail.com"] if i % 4 == 0 else [])
        status = statuses[i % len(statuses)]
        granted = status in ("Yes", "Opted in")
        rows.append([company, f"{first} {last}", f"{first} {last} (Owner)",
                     best, ", ".join(others), json.dumps(others),
                     numbers[cc].format(d=f"{i:03d}", d2=two(i)), city, country, sources[i % len(sources)],
                     status, "2026-03-1" + str(i % 10) if granted else "",
                     "double_opt_in" if granted else "", "all" if granted else "",
                     f"form-{i:03d}" if granted else ""])
    write_csv("merged-leads.csv", header, rows)


def broken_export():
    """A gosom-style export with the faults real ones have: a review fragment that leaked onto
    its own line, the header repeated where two exports were joined, and status lines."""
    header = ["title", "category", "address", "phone", "website", "review_count", "user_reviews", "emails"]
    rows = []
    for b in businesses(8, ["GB", "US"]):
        review = json.dumps([{"Name": "A. Reviewer", "Description": "Friendly staff."}])
        rows.append([b.name, b.category, b.address, b.international, b.website, str(b.review_count), review,
                     b.email])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for i, row in enumerate(rows):
        writer.writerow(row)
        if i == 2:
            buf.write('"Great place" said the reviewer, and came back the next day\n')
        if i == 4:
            writer.writerow(header)
            writer.writerow(["Already found"] + [""] * (len(header) - 1))
    writer.writerow(["No new results found"] + [""] * (len(header) - 1))
    with open(os.path.join(OUT, "broken-export.csv"), "wb") as f:
        f.write(buf.getvalue().encode("utf-8"))


def main():
    os.makedirs(OUT, exist_ok=True)
    outscraper()
    outscraper_contacts()
    apify()
    gmaps_extractor()
    phantombuster()
    gosom()
    omkarcloud()
    hubspot()
    salesforce()
    arabic()
    french_excel()
    crm_consent()
    consent_ledger()
    suppression()
    xlsx_arabic()
    # Added after the others, so the files above keep their bytes.
    french_interface()
    arabic_interface()
    merged_leads()
    broken_export()


if __name__ == "__main__":
    main()
