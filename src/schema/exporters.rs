//! Which tool wrote the file, from header fingerprints, and what its headers mean.
//!
//! Fingerprints are header names, spelled exactly, that only a given tool writes (`phoneUnformatted` is Apify's,
//! `name_for_emails` Outscraper's). Each hit adds a weight; the best-scoring tool above its
//! threshold wins. Some tools give a common header a meaning of their own, so each exporter may
//! override the generic synonym table for the headers it writes.

use super::roles::Role;

/// A tool whose exports we recognise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exporter {
    Outscraper,
    Apify,
    GMapsExtractor,
    PhantomBuster,
    Gosom,
    OmkarCloud,
    Zubdata,
    HubSpot,
    Salesforce,
    /// No tool recognised, but most headers are Arabic (Arabic lead-gen tools and sheets).
    ArabicHeaders,
    /// Nothing recognised.
    Generic,
}

impl Exporter {
    /// Whether the tool scrapes business listings (Google Maps extractors): its records are
    /// scraped unless a source column says otherwise, and its listing titles are businesses'
    /// names. Exhaustive, so a new exporter must be classified.
    pub fn is_maps_scraper(self) -> bool {
        match self {
            Exporter::Outscraper
            | Exporter::Apify
            | Exporter::GMapsExtractor
            | Exporter::PhantomBuster
            | Exporter::Gosom
            | Exporter::OmkarCloud
            | Exporter::Zubdata => true,
            Exporter::HubSpot
            | Exporter::Salesforce
            | Exporter::ArabicHeaders
            | Exporter::Generic => false,
        }
    }

    /// Stable identifier for JSON output and reports.
    pub fn id(self) -> &'static str {
        match self {
            Exporter::Outscraper => "outscraper",
            Exporter::Apify => "apify",
            Exporter::GMapsExtractor => "gmaps_extractor",
            Exporter::PhantomBuster => "phantombuster",
            Exporter::Gosom => "gosom",
            Exporter::OmkarCloud => "omkarcloud",
            Exporter::Zubdata => "zubdata",
            Exporter::HubSpot => "hubspot",
            Exporter::Salesforce => "salesforce",
            Exporter::ArabicHeaders => "arabic_headers",
            Exporter::Generic => "generic",
        }
    }

    /// Human name for text output.
    pub fn display_name(self) -> &'static str {
        match self {
            Exporter::Outscraper => "Outscraper",
            Exporter::Apify => "Apify Google Maps Scraper",
            Exporter::GMapsExtractor => "G Maps Extractor",
            Exporter::PhantomBuster => "PhantomBuster Google Maps Search Export",
            Exporter::Gosom => "gosom google-maps-scraper",
            Exporter::OmkarCloud => "omkarcloud google-maps-scraper",
            Exporter::Zubdata => "Zubdata Google-Maps-Scraper",
            Exporter::HubSpot => "HubSpot contacts export",
            Exporter::Salesforce => "Salesforce export",
            Exporter::ArabicHeaders => "Arabic-header export",
            Exporter::Generic => "generic contact list",
        }
    }

    /// Header meanings specific to this exporter, by raw spelling (folded when compared).
    pub fn overrides(self) -> &'static [(&'static str, Role)] {
        match self {
            Exporter::Outscraper => &[
                ("name", Role::Name),
                ("title", Role::Metadata),
                ("reviews", Role::Metadata),
                ("type", Role::Category),
                ("owner_title", Role::Metadata),
                ("owner_id", Role::PersonField),
                ("owner_link", Role::PersonField),
                ("full_name", Role::PersonField),
                ("first_name", Role::FirstName),
                ("last_name", Role::LastName),
                ("query", Role::Metadata),
                ("source", Role::Source),
                ("whatsapp", Role::Phone),
            ],
            Exporter::Apify => &[
                ("title", Role::Name),
                ("subTitle", Role::Metadata),
                ("scrapedAt", Role::CollectedAt),
                ("searchString", Role::Metadata),
                ("url", Role::Metadata),
            ],
            Exporter::GMapsExtractor => &[
                ("Owner", Role::PersonField),
                ("Owner Id", Role::PersonField),
                ("Owner Link", Role::PersonField),
                ("Note", Role::FreeText),
                ("Social Medias", Role::Metadata),
            ],
            Exporter::PhantomBuster => &[
                ("title", Role::Name),
                ("timestamp", Role::CollectedAt),
                ("query", Role::Metadata),
                ("searchQuery", Role::Metadata),
                ("info", Role::FreeText),
                ("error", Role::Metadata),
            ],
            Exporter::Gosom => &[
                ("title", Role::Name),
                ("owner", Role::PersonField),
                ("complete_address", Role::Address),
                ("user_reviews", Role::FreeText),
                ("user_reviews_extended", Role::FreeText),
                ("input_id", Role::Metadata),
            ],
            Exporter::OmkarCloud => &[
                ("name", Role::Name),
                ("reviews", Role::Metadata),
                ("owner_name", Role::PersonField),
                ("owner_profile_link", Role::PersonField),
                ("query", Role::Metadata),
            ],
            Exporter::Zubdata => &[("Total Reviews", Role::Metadata)],
            Exporter::HubSpot => &[
                ("Record ID", Role::Metadata),
                ("Contact owner", Role::Metadata),
                ("Create Date", Role::CollectedAt),
            ],
            Exporter::Salesforce => &[
                ("Title", Role::Metadata),
                ("OwnerId", Role::Metadata),
                ("Status", Role::Metadata),
                ("HasOptedOutOfFax", Role::Metadata),
                ("CreatedDate", Role::CollectedAt),
            ],
            Exporter::ArabicHeaders | Exporter::Generic => &[],
        }
    }

    fn fingerprint(self) -> (&'static [(&'static str, u32)], u32) {
        match self {
            Exporter::Outscraper => (
                &[
                    ("name_for_emails", 3),
                    ("reviews_per_score_1", 3),
                    ("location_link", 2),
                    ("location_reviews_link", 2),
                    ("email_1.emails_validator.status", 3),
                    ("email_1_full_name", 2),
                    ("full_address", 1),
                    ("subtypes", 1),
                    ("phone_1", 1),
                    ("site", 1),
                    ("owner_title", 1),
                    ("google_id", 1),
                    ("working_hours_old_format", 2),
                ],
                3,
            ),
            Exporter::Apify => (
                &[
                    ("phoneUnformatted", 3),
                    ("categoryName", 3),
                    ("totalScore", 3),
                    ("searchString", 2),
                    ("scrapedAt", 1),
                    ("countryCode", 1),
                    ("placeId", 1),
                    ("claimThisBusiness", 2),
                ],
                3,
            ),
            Exporter::GMapsExtractor => (
                &[
                    ("Fulladdress", 3),
                    ("Social Medias", 3),
                    ("Municipality", 1),
                    ("Phones", 1),
                    ("Review Count", 1),
                    ("Google Knowledge URL", 2),
                ],
                3,
            ),
            Exporter::PhantomBuster => (
                &[
                    ("placeUrl", 2),
                    ("phoneNumber", 1),
                    ("query", 1),
                    ("timestamp", 1),
                    ("error", 1),
                    ("isClaimed", 1),
                    ("reviewCount", 1),
                    ("currentStatus", 1),
                ],
                4,
            ),
            Exporter::Gosom => (
                &[
                    ("input_id", 3),
                    ("complete_address", 3),
                    ("user_reviews_extended", 3),
                    ("user_reviews", 2),
                    ("open_hours", 1),
                    ("review_rating", 1),
                    ("data_id", 1),
                ],
                3,
            ),
            Exporter::OmkarCloud => (
                &[
                    ("main_category", 3),
                    ("is_spending_on_ads", 3),
                    ("workday_timing", 3),
                    ("phone_international", 2),
                    ("owner_profile_link", 2),
                    ("owner_name", 1),
                    ("can_claim", 1),
                    // The first (2023) format: `title,rating,number_of_reviews,category,
                    // address,website,phone,img_link,link`.
                    ("number_of_reviews", 2),
                    ("img_link", 2),
                ],
                3,
            ),
            Exporter::Zubdata => (
                &[
                    ("Booking Links", 2),
                    ("Total Reviews", 1),
                    ("Business Status", 1),
                    ("Google Maps URL", 1),
                ],
                4,
            ),
            Exporter::HubSpot => (
                &[
                    ("Record ID", 3),
                    ("Legal basis for processing contact's data", 3),
                    ("hs_legal_basis", 3),
                    ("hs_email_optout", 3),
                    ("hs_object_id", 3),
                    ("Unsubscribed from all email", 2),
                    ("Mobile Phone Number", 1),
                    ("Country/Region", 1),
                    ("Contact owner", 1),
                    ("Original Source", 1),
                ],
                3,
            ),
            Exporter::Salesforce => (
                &[
                    ("HasOptedOutOfEmail", 3),
                    ("IndividualId", 2),
                    ("DoNotCall", 2),
                    ("LeadSource", 2),
                    ("MobilePhone", 1),
                    ("FirstName", 1),
                    ("LastName", 1),
                    ("OwnerId", 1),
                ],
                3,
            ),
            Exporter::ArabicHeaders | Exporter::Generic => (&[], u32::MAX),
        }
    }
}

/// The tools tried by fingerprint, in tie-break order.
const FINGERPRINTED: [Exporter; 9] = [
    Exporter::Outscraper,
    Exporter::Apify,
    Exporter::GMapsExtractor,
    Exporter::PhantomBuster,
    Exporter::Gosom,
    Exporter::OmkarCloud,
    Exporter::Zubdata,
    Exporter::HubSpot,
    Exporter::Salesforce,
];

/// The recognised exporter and the headers that gave it away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    pub exporter: Exporter,
    pub evidence: Vec<String>,
}

/// Recognises the exporter from the headers.
pub fn detect(headers: &[String]) -> Detection {
    // Fingerprints are compared exactly (case included): `DoNotCall` is Salesforce's API
    // name, while a hand-made `do not call` column says nothing about the tool.
    let trimmed: Vec<&str> = headers.iter().map(|h| h.trim()).collect();
    let mut best: Option<(u32, Exporter, Vec<String>)> = None;
    for exporter in FINGERPRINTED {
        let (tokens, threshold) = exporter.fingerprint();
        let mut score = 0;
        let mut evidence = Vec::new();
        for (token, weight) in tokens {
            // A snake_case identifier is the tool's own whatever its case (the omkarcloud
            // desktop app writes `MAIN_CATEGORY`); other tokens are compared exactly.
            let same =
                |h: &&str| *h == *token || (token.contains('_') && h.eq_ignore_ascii_case(token));
            if let Some(i) = trimmed.iter().position(same) {
                score += weight;
                evidence.push(headers[i].clone());
            }
        }
        // Apify's CSV flattening (`categories/0`, `reviews/0/name`) is its own signature.
        if exporter == Exporter::Apify {
            if let Some(h) = headers.iter().find(|h| is_apify_path(h)) {
                score += 2;
                evidence.push(h.clone());
            }
        }
        if score >= threshold && best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, exporter, evidence));
        }
    }
    if let Some((_, exporter, evidence)) = best {
        return Detection { exporter, evidence };
    }
    let arabic = headers
        .iter()
        .filter(|h| h.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)))
        .count();
    if arabic * 2 >= headers.len() && arabic > 0 {
        return Detection {
            exporter: Exporter::ArabicHeaders,
            evidence: Vec::new(),
        };
    }
    Detection {
        exporter: Exporter::Generic,
        evidence: Vec::new(),
    }
}

/// `x/0` or `x/0/y`: a path with an array index, as Apify's CSV export writes nested data.
fn is_apify_path(header: &str) -> bool {
    header
        .split('/')
        .skip(1)
        .any(|segment| !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_from(line: &str) -> Exporter {
        let headers: Vec<String> = line.split(',').map(str::to_string).collect();
        detect(&headers).exporter
    }

    #[test]
    fn each_exporter_is_recognised_by_its_header() {
        let cases = [
            ("name,site,subtypes,category,type,phone,full_address,street,city,postal_code,state,us_state,country_code,latitude,longitude,rating,reviews,reviews_link,photos_count,photo,street_view,working_hours,working_hours_old_format,business_status,about,logo,owner_link,location_link,location_reviews_link,place_id", Exporter::Outscraper),
            ("title,totalScore,reviewsCount,street,city,state,countryCode,website,phone,categoryName,url", Exporter::Apify),
            ("address,categories/0,categories/1,city,countryCode,phone,phoneUnformatted,title", Exporter::Apify),
            ("Name,Description,Fulladdress,Street,Municipality,Categories,Phone,Phones,Claimed,Owner,Email,Social Medias", Exporter::GMapsExtractor),
            ("placeUrl,title,rating,reviewCount,category,address,plusCode,website,phoneNumber,currentStatus,imgUrl,isClaimed,latitude,longitude,query,timestamp,error", Exporter::PhantomBuster),
            ("input_id,link,title,category,address,open_hours,website,phone,complete_address,user_reviews,user_reviews_extended,emails", Exporter::Gosom),
            ("place_id,name,reviews,main_category,categories,rating,address,link,query,description,is_spending_on_ads,website,owner_name,workday_timing,phone", Exporter::OmkarCloud),
            // Issue #21: omkarcloud's first format, and its desktop app's upper-case one.
            ("title,rating,number_of_reviews,category,address,website,phone,img_link,link", Exporter::OmkarCloud),
            ("PLACE_ID,NAME,MAIN_CATEGORY,CATEGORIES,WEBSITE,PHONE,PHONE_INTERNATIONAL,ADDRESS,IS_SPENDING_ON_ADS", Exporter::OmkarCloud),
            ("Category,Name,Phone,Google Maps URL,Website,email,Business Status,Address,Total Reviews,Booking Links,Rating,Hours", Exporter::Zubdata),
            ("Record ID,First Name,Last Name,Email,Phone Number,Lead Status,Create Date,Country/Region,Contact owner", Exporter::HubSpot),
            ("FirstName,LastName,Email,Phone,MobilePhone,Company,LeadSource,DoNotCall,HasOptedOutOfEmail", Exporter::Salesforce),
            ("الاسم,العنوان,المدينة,الهاتف,واتساب,الموقع الإلكتروني,التصنيف", Exporter::ArabicHeaders),
            ("name,phone,email", Exporter::Generic),
        ];
        for (header, expected) in cases {
            assert_eq!(detect_from(header), expected, "{header}");
        }
    }
}
