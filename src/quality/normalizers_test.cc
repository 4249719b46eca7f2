#include "quality/normalizers.h"

#include <gtest/gtest.h>

#include "quality/text_fold.h"

namespace acctseg {
namespace {

// The normalized text, or "NULL" when not recognized.
std::string Normalized(NormalizerKind kind, std::string_view text) {
  std::string buffer = "left over from the last call";
  auto result = Normalize(kind, text, buffer);
  return result ? std::string(*result) : "NULL";
}

std::string Folded(std::string_view text) {
  std::string out;
  FoldText(text, out);
  return out;
}

TEST(TextFold, CaseAccentsPunctuation) {
  EXPECT_EQ(Folded("Côte d'Ivoire"), "cote divoire");
  EXPECT_EQ(Folded("  COTE  D’IVOIRE "), "cote divoire");
  EXPECT_EQ(Folded("L.L.C."), "llc");
  // Greek is case-folded: a final sigma meets the capital's.
  EXPECT_EQ(Folded("ΟΛΥΜΠΙΑΚΟΣ"), Folded("Ολυμπιακός"));
  EXPECT_EQ(Folded("Ολυμπιακός"), "ολυμπιακοσ");
  EXPECT_EQ(Folded("Procter & Gamble"), "procter and gamble");
  EXPECT_EQ(Folded("AT&T"), "at and t");
  EXPECT_EQ(Folded("Coca-Cola/Europe (West)"), "coca cola europe west");
  EXPECT_EQ(Folded("Straße Łódź Ærø Œuvre Þing"), "strasse lodz aero oeuvre thing");
  EXPECT_EQ(Folded("Việt Nam ȘTIINȚĂ"), "viet nam stiinta");
  EXPECT_EQ(Folded("Cafe\xcc\x81"), "cafe");  // e + combining acute (decomposed)
  EXPECT_EQ(Folded("ΕΛΛΆΔΑ"), "ελλαδα");
  EXPECT_EQ(Folded("РОССИЯ Йошкар"), "россия йошкар");
  EXPECT_EQ(Folded("ＵＳＡ　株式会社"), "usa 株式会社");
  EXPECT_EQ(Folded("Acme™ ® 2000"), "acme 2000");
  EXPECT_EQ(Folded("bad\xff"
                   "byte"),
            "bad byte");
  EXPECT_EQ(Folded("\xc3"), "");  // a cut sequence
  EXPECT_EQ(Folded(""), "");
  EXPECT_EQ(Folded(" .,;- "), "");
}

TEST(Normalizers, CountryCode) {
  const auto kCountry = NormalizerKind::kCountryCode;
  for (const char* us :
       {"US", "us", "USA", "U.S.", "U.S.A.", "United States", "united states of america",
        "United States of America", "840", "America", " usa ", "Estados Unidos", "ＵＳＡ"})
    EXPECT_EQ(Normalized(kCountry, us), "US") << us;
  for (const char* de : {"DE", "DEU", "Germany", "Deutschland", "deutschland", "276"})
    EXPECT_EQ(Normalized(kCountry, de), "DE") << de;
  for (const char* gb : {"UK", "U.K.", "GB", "GBR", "United Kingdom", "Great Britain", "England",
                         "United Kingdom of Great Britain and Northern Ireland"})
    EXPECT_EQ(Normalized(kCountry, gb), "GB") << gb;
  // The no-value placeholders are no country; Namibia written as such is.
  for (const char* none : {"N/A", "#N/A", "n/a", "n.a", "N.A.", "N / A"})
    EXPECT_EQ(Normalized(kCountry, none), "NULL") << none;
  for (const char* na : {"NA", "na", "NAM", "Namibia"})
    EXPECT_EQ(Normalized(kCountry, na), "NA") << na;
  EXPECT_EQ(Normalized(kCountry, "Côte d'Ivoire"), "CI");
  EXPECT_EQ(Normalized(kCountry, "COTE D IVOIRE"), "CI");
  EXPECT_EQ(Normalized(kCountry, "Ivory Coast"), "CI");
  EXPECT_EQ(Normalized(kCountry, "Korea, Republic of"), "KR");
  EXPECT_EQ(Normalized(kCountry, "South Korea"), "KR");
  EXPECT_EQ(Normalized(kCountry, "대한민국"), "KR");
  EXPECT_EQ(Normalized(kCountry, "North Korea"), "KP");
  EXPECT_EQ(Normalized(kCountry, "Korea"), "KR");  // the one ambiguous alias kept
  EXPECT_EQ(Normalized(kCountry, "Viet Nam"), "VN");
  EXPECT_EQ(Normalized(kCountry, "Vietnam"), "VN");
  EXPECT_EQ(Normalized(kCountry, "Việt Nam"), "VN");
  EXPECT_EQ(Normalized(kCountry, "Åland Islands"), "AX");
  EXPECT_EQ(Normalized(kCountry, "Curacao"), "CW");
  EXPECT_EQ(Normalized(kCountry, "Österreich"), "AT");
  EXPECT_EQ(Normalized(kCountry, "OSTERREICH"), "AT");
  EXPECT_EQ(Normalized(kCountry, "日本"), "JP");
  EXPECT_EQ(Normalized(kCountry, "Россия"), "RU");
  EXPECT_EQ(Normalized(kCountry, "РОССИЯ"), "RU");
  EXPECT_EQ(Normalized(kCountry, "Ελλάδα"), "GR");
  EXPECT_EQ(Normalized(kCountry, "Türkiye"), "TR");
  EXPECT_EQ(Normalized(kCountry, "Antigua & Barbuda"), "AG");
  EXPECT_EQ(Normalized(kCountry, "Bosnia and Herzegovina"), "BA");
  EXPECT_EQ(Normalized(kCountry, "Guinea-Bissau"), "GW");
  EXPECT_EQ(Normalized(kCountry, "004"), "AF");
  EXPECT_EQ(Normalized(kCountry, "U S A"), "US");  // spaces do not count either
  EXPECT_EQ(Normalized(kCountry, "Congo"), "CG");
  EXPECT_EQ(Normalized(kCountry, "DR Congo"), "CD");
  EXPECT_EQ(Normalized(kCountry, "Narnia"), "NULL");
  EXPECT_EQ(Normalized(kCountry, "United"), "NULL");
  EXPECT_EQ(Normalized(kCountry, "XX"), "NULL");
  EXPECT_EQ(Normalized(kCountry, ""), "NULL");
  EXPECT_EQ(Normalized(kCountry, "..."), "NULL");
}

TEST(Normalizers, RegistrableDomain) {
  const auto kDomain = NormalizerKind::kDomain;
  EXPECT_EQ(Normalized(kDomain, "https://www.Example.co.uk/about"), "example.co.uk");
  EXPECT_EQ(Normalized(kDomain, "jane@sub.acme.com"), "acme.com");
  EXPECT_EQ(Normalized(kDomain, "mailto:Jane.Doe@Mail.Acme.COM"), "acme.com");
  EXPECT_EQ(Normalized(kDomain, "acme.com"), "acme.com");
  EXPECT_EQ(Normalized(kDomain, "WWW.ACME.COM."), "acme.com");
  EXPECT_EQ(Normalized(kDomain, "http://user:pw@shop.acme.de:8080/x?y=1#z"), "acme.de");
  EXPECT_EQ(Normalized(kDomain, " www.acme.com/path "), "acme.com");
  EXPECT_EQ(Normalized(kDomain, "a.b.c.kawasaki.jp"), "b.c.kawasaki.jp");
  EXPECT_EQ(Normalized(kDomain, "blog.example.com.au"), "example.com.au");
  EXPECT_EQ(Normalized(kDomain, "münchen.de"), "münchen.de");
  EXPECT_EQ(Normalized(kDomain, "xn--mnchen-3ya.de"), "xn--mnchen-3ya.de");
  EXPECT_EQ(Normalized(kDomain, "acme.github.io"), "acme.github.io");  // a private suffix
  EXPECT_EQ(Normalized(kDomain, "co.uk"), "NULL");                     // a public suffix itself
  EXPECT_EQ(Normalized(kDomain, "com"), "NULL");
  EXPECT_EQ(Normalized(kDomain, "localhost"), "NULL");
  EXPECT_EQ(Normalized(kDomain, "http://192.168.0.1/admin"), "NULL");
  EXPECT_EQ(Normalized(kDomain, "http://[::1]/"), "NULL");
  EXPECT_EQ(Normalized(kDomain, "not a url"), "NULL");
  EXPECT_EQ(Normalized(kDomain, "acme..com"), "NULL");
  EXPECT_EQ(Normalized(kDomain, "jane@"), "NULL");
  EXPECT_EQ(Normalized(kDomain, "n/a"), "NULL");
  EXPECT_EQ(Normalized(kDomain, ""), "NULL");
}

TEST(Normalizers, NameKey) {
  const auto kName = NormalizerKind::kNameKey;
  EXPECT_EQ(Normalized(kName, "The Acme Corp., Inc."), "acme");
  EXPECT_EQ(Normalized(kName, "ACME corp"), "acme");
  EXPECT_EQ(Normalized(kName, "Acme, L.L.C."), "acme");
  EXPECT_EQ(Normalized(kName, "Acme Pty Ltd"), "acme");
  EXPECT_EQ(Normalized(kName, "Acme Pty. Ltd."), "acme");
  EXPECT_EQ(Normalized(kName, "Siemens AG"), "siemens");
  EXPECT_EQ(Normalized(kName, "Müller GmbH & Co. KG"), "muller");
  EXPECT_EQ(Normalized(kName, "Nestlé S.A."), "nestle");
  EXPECT_EQ(Normalized(kName, "Nestle SA"), "nestle");
  EXPECT_EQ(Normalized(kName, "Société Générale S.A.S."), "societe generale");
  EXPECT_EQ(Normalized(kName, "Philips N.V."), "philips");
  EXPECT_EQ(Normalized(kName, "Volvo AB (publ)"), "volvo");
  EXPECT_EQ(Normalized(kName, "Toyota Motor K.K."), "toyota motor");
  EXPECT_EQ(Normalized(kName, "Grupo Bimbo, S.A.B. de C.V."), "grupo bimbo");
  EXPECT_EQ(Normalized(kName, "Procter & Gamble Co."), "procter and gamble");
  EXPECT_EQ(Normalized(kName, "Smith & Co."), "smith");
  EXPECT_EQ(Normalized(kName, "Johnson & Johnson"), "johnson and johnson");
  EXPECT_EQ(Normalized(kName, "The Home Depot, Inc."), "home depot");
  EXPECT_EQ(Normalized(kName, "Theranos Inc"), "theranos");  // "the" only as a whole word
  EXPECT_EQ(Normalized(kName, "Inc"), "inc");                // never removes the only word
  EXPECT_EQ(Normalized(kName, "The Company"), "company");
  EXPECT_EQ(Normalized(kName, "Incorporated Holdings"), "incorporated holdings");
  EXPECT_EQ(Normalized(kName, "ООО Ромашка"), "ооо ромашка");  // a prefix form stays
  EXPECT_EQ(Normalized(kName, "株式会社"), "株式会社");
  EXPECT_EQ(Normalized(kName, "  "), "NULL");
  EXPECT_EQ(Normalized(kName, "&"), "and");
}

TEST(Normalizers, PhoneDigits) {
  const auto kPhone = NormalizerKind::kPhoneDigits;
  EXPECT_EQ(Normalized(kPhone, "+1 (555) 010-9999"), "+15550109999");
  EXPECT_EQ(Normalized(kPhone, "555.010.9999"), "5550109999");
  EXPECT_EQ(Normalized(kPhone, "Tel: +44 20 7946 0000"), "+442079460000");
  EXPECT_EQ(Normalized(kPhone, "0044 20 7946 0000"), "00442079460000");
  EXPECT_EQ(Normalized(kPhone, "+1 555 010 9999 ext. 42"), "+15550109999");
  EXPECT_EQ(Normalized(kPhone, "555-010-9999 x42"), "5550109999");
  EXPECT_EQ(Normalized(kPhone, "０３-１２３４-５６７８"), "0312345678");
  EXPECT_EQ(Normalized(kPhone, "＋８１ ３ １２３４ ５６７８"), "+81312345678");
  EXPECT_EQ(Normalized(kPhone, "٠١٢٣٤٥٦٧٨٩"), "0123456789");
  EXPECT_EQ(Normalized(kPhone, "1 + 555 0109999"), "15550109999");  // "+" only first
  EXPECT_EQ(Normalized(kPhone, "1234567"), "1234567");
  EXPECT_EQ(Normalized(kPhone, "123456"), "NULL");
  EXPECT_EQ(Normalized(kPhone, "1-800-FLOWERS"), "NULL");
  EXPECT_EQ(Normalized(kPhone, "n/a"), "NULL");
  EXPECT_EQ(Normalized(kPhone, ""), "NULL");
}

TEST(Normalizers, FunctionNames) {
  EXPECT_STREQ(NormalizerFunctionName(NormalizerKind::kCountryCode), "COUNTRY_CODE");
  EXPECT_STREQ(NormalizerFunctionName(NormalizerKind::kPhoneDigits), "PHONE_DIGITS");
}

}  // namespace
}  // namespace acctseg
