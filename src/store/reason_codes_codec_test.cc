// The run store keeps a reasons column kept as codes as its codes and the
// feature values they read (store/column_codec.h), and gives it back as the
// text column of the same words; blobs of the earlier form, with the
// features' whole columns, still read.
#include <gtest/gtest.h>
#include <zstd.h>

#include "store/column_codec.h"
#include "util/expect_error.h"
#include "util/sample_reasons.h"

namespace acctseg {
namespace {

using testing::ExpectError;
using testing::SampleReasons;

void ExpectSameText(const Column& expected, const Column& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  ASSERT_FALSE(actual.reasons);
  EXPECT_EQ(expected.codes, actual.codes);
  ASSERT_EQ(expected.dictionary->size(), actual.dictionary->size());
  for (uint32_t code = 0; code < expected.dictionary->size(); ++code)
    ASSERT_EQ(expected.dictionary->Get(code), actual.dictionary->Get(code));
}

TEST(ReasonCodesCodecTest, StoredAsCodesAndReadBackAsTheirWords) {
  // Enough rows that the payload crosses many of the encoder's chunks.
  const auto reasons = SampleReasons(120'000, 5);
  const Column coded = Column::OfReasons(reasons);
  const std::string blob = EncodeColumn(coded);
  EXPECT_EQ(blob.substr(0, 4), "ACC4");
  const Column words = reasons->Materialize(2);
  ExpectSameText(words, DecodeColumn(blob));
  // Smaller than the blob of the same words, even with the sample's
  // random numbers (real features compress far better).
  EXPECT_LT(blob.size(), EncodeColumn(words).size());

  Column ids = Column::Make(DataType::Int64(), reasons->rows(), false);
  Table table(reasons->rows());
  table.Add("id", std::make_shared<const Column>(std::move(ids)));
  table.Add("why", std::make_shared<const Column>(coded));
  const std::vector<std::string> blobs = EncodeTable(table, 2);
  const std::vector<std::string_view> views(blobs.begin(), blobs.end());
  const Table back = DecodeTable(table.names(), views, 0, 2);
  ExpectSameText(words, back.column(1));
}

// A blob of `payload` under `tag`, as the encoder frames it.
std::string Framed(const std::string& payload, const char* tag) {
  std::string blob(4 + ZSTD_compressBound(payload.size()), '\0');
  blob.replace(0, 4, tag);
  const size_t size =
      ZSTD_compress(blob.data() + 4, blob.size() - 4, payload.data(), payload.size(), 1);
  blob.resize(4 + size);
  return blob;
}

// A column's payload as the encoder writes it (docs/run-store.md), from
// the column's own blob.
std::string PayloadOf(const Column& column) {
  const std::string blob = EncodeColumn(column);
  std::string payload(ZSTD_getFrameContentSize(blob.data() + 4, blob.size() - 4), '\0');
  payload.resize(ZSTD_decompress(payload.data(), payload.size(), blob.data() + 4, blob.size() - 4));
  return payload;
}

std::string Varint(uint64_t u) {
  std::string out;
  for (; u >= 0x80; u >>= 7) out += static_cast<char>(u | 0x80);
  return out + static_cast<char>(u);
}

// A reasons payload written from docs/run-store.md's layout: each
// feature's whole column (ACC3's), or (`gathered`) the values its reasons
// read in row order, `drop` fewer of the first feature's or `extra` more.
std::string ReasonsPayload(const ReasonCodes& reasons, bool gathered, size_t drop = 0,
                           size_t extra = 0) {
  std::string out = std::string(1, static_cast<char>(TypeId::kString)) + '\0' + '\x08';
  out += Varint(reasons.rows()) + Varint(reasons.top()) + Varint(reasons.features().size());
  for (size_t f = 0; f < reasons.features().size(); ++f) {
    const ReasonCodes::Feature& feature = reasons.features()[f];
    out += Varint(feature.name.size()) + feature.name + (feature.categorical ? '\x01' : '\0');
    if (!gathered) {
      out += PayloadOf(*feature.column);
      continue;
    }
    std::vector<size_t> rows;
    for (size_t row = 0; row < reasons.rows(); ++row)
      for (size_t k = 0; k < reasons.top(); ++k)
        if (reasons.FeatureCode(row, k) == f * 2) rows.push_back(row);
    if (f == 0) {
      rows.resize(rows.size() - drop);
      rows.insert(rows.end(), extra, 0);
    }
    Column values = Column::Make(feature.column->type, rows.size(), false);
    values.dictionary = feature.column->dictionary;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (feature.categorical)
        values.codes.Set(i, feature.column->codes[rows[i]]);
      else
        values.ints.Set(i, feature.column->ints[rows[i]]);
    }
    values.Narrow();
    out += PayloadOf(values);
  }
  for (uint16_t code : reasons.FeatureCodes()) out += Varint(code);
  for (uint32_t code : reasons.ContributionCodes()) out += Varint(code);
  return out;
}

// Over wide columns and over narrowed ones (a byte, 2 bytes and a bit a
// value), which the encoder gathers in their own widths.
class KeepsOnlyTheValuesTheReasonsRead : public ::testing::TestWithParam<bool> {};

TEST_P(KeepsOnlyTheValuesTheReasonsRead, AsDocumented) {
  const auto reasons = SampleReasons(3000, 4, /*awkward=*/true, /*narrow=*/GetParam());
  if (GetParam()) {
    ASSERT_EQ(reasons->features()[0].column->codes.width(), 1);
    ASSERT_EQ(reasons->features()[1].column->ints.width(), 2);
    ASSERT_TRUE(reasons->features()[2].column->ints.is_bits());
  }
  const std::string blob = EncodeColumn(Column::OfReasons(reasons));
  const std::string gathered = ReasonsPayload(*reasons, true);
  // The encoder writes the documented layout byte for byte.
  std::string payload(ZSTD_getFrameContentSize(blob.data() + 4, blob.size() - 4), '\0');
  payload.resize(ZSTD_decompress(payload.data(), payload.size(), blob.data() + 4, blob.size() - 4));
  EXPECT_EQ(payload, gathered);
  // A blob of the earlier form (each feature's whole column) gives the
  // same words, and takes more bytes.
  const std::string whole = ReasonsPayload(*reasons, false);
  EXPECT_LT(gathered.size(), whole.size());
  ExpectSameText(reasons->Materialize(1), DecodeColumn(Framed(whole, "ACC3")));
  ExpectSameText(reasons->Materialize(1), DecodeColumn(Framed(gathered, "ACC4")));
  // Gathered values that the codes do not account for, one short or one over.
  ExpectError(ErrorKind::kStore, "more reasons than values",
              [&] { DecodeColumn(Framed(ReasonsPayload(*reasons, true, 1), "ACC4")); });
  ExpectError(ErrorKind::kStore, "values that no reason reads",
              [&] { DecodeColumn(Framed(ReasonsPayload(*reasons, true, 0, 1), "ACC4")); });
  // Whole columns under the gathered tag do not fit.
  ExpectError(ErrorKind::kStore, "corrupt column data",
              [&] { DecodeColumn(Framed(whole, "ACC4")); });
}

INSTANTIATE_TEST_SUITE_P(ReasonCodesCodecTest, KeepsOnlyTheValuesTheReasonsRead, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Narrowed" : "Wide"; });

// One reason a row of three features, the text feature never among them:
// its gathered values are none (an empty text column, its dictionary
// kept), the others' unevenly many.
TEST(ReasonCodesCodecTest, FeaturesNoReasonReadsAndFewerReasonsThanFeatures) {
  const auto sample = SampleReasons(500, 6);
  auto reasons = std::make_shared<ReasonCodes>(sample->features(), 1, sample->rows());
  for (size_t row = 0; row < reasons->rows(); ++row) {
    const uint32_t feature = row % 3 == 0 ? 1 : 2;
    reasons->Set(row, 0, feature, sample->features()[feature].column->IsNull(row), 40 + row);
  }
  const std::string blob = EncodeColumn(Column::OfReasons(reasons));
  EXPECT_EQ(blob.substr(0, 4), "ACC4");
  ExpectSameText(reasons->Materialize(1), DecodeColumn(blob));
}

TEST(ReasonCodesCodecTest, RefusesHeadersNoRunWrites) {
  auto byte = [](auto v) { return std::string(1, static_cast<char>(v)); };
  // A decimal of scale 30 (the most is kMaxDecimalScale): its numbers
  // would read past the powers of ten.
  const std::string decimal =
      byte(TypeId::kDecimal) + byte(30) + byte(0) + byte(1) + byte(1) + byte(0);
  ExpectError(ErrorKind::kStore, "decimal scale", [&] { DecodeColumn(Framed(decimal, "ACC1")); });
  // Reasons of 10 a row (a predict step keeps 1 to 9) over 10 features.
  std::string reasons = byte(TypeId::kString) + byte(0) + byte(8) + byte(1) + byte(10) + byte(10);
  ExpectError(ErrorKind::kStore, "bad reasons header",
              [&] { DecodeColumn(Framed(reasons, "ACC3")); });
  // The reasons flag under the plain tag, and a plain column under ACC3 or ACC4.
  ExpectError(ErrorKind::kStore, "bad reasons flags", [&] {
    DecodeColumn(Framed(byte(TypeId::kString) + byte(0) + byte(8) + byte(0), "ACC1"));
  });
  for (const char* tag : {"ACC3", "ACC4"})
    ExpectError(ErrorKind::kStore, "bad reasons flags", [&] {
      DecodeColumn(Framed(byte(TypeId::kInt64) + byte(0) + byte(0) + byte(0) + byte(1), tag));
    });
}

TEST(ReasonCodesCodecTest, NoRowsAndOneRow) {
  for (size_t rows : {0, 1}) {
    const auto reasons = SampleReasons(rows, 11);
    const Column back = DecodeColumn(EncodeColumn(Column::OfReasons(reasons)));
    ASSERT_EQ(back.size(), rows);
    ExpectSameText(reasons->Materialize(1), back);
  }
}

TEST(ReasonCodesCodecTest, ContentKeysFollowTheCodesAndTheFeatures) {
  auto keys_of = [](std::shared_ptr<const ReasonCodes> reasons) {
    Table table(reasons->rows());
    table.Add("why", std::make_shared<const Column>(Column::OfReasons(std::move(reasons))));
    return ColumnContentKeys(table, 1)[0];
  };
  const auto reasons = SampleReasons(1000, 7);
  EXPECT_EQ(keys_of(reasons), keys_of(SampleReasons(1000, 7)));
  EXPECT_NE(keys_of(reasons), keys_of(SampleReasons(1000, 8)));
  auto changed = SampleReasons(1000, 7);
  changed->Set(999, 2, changed->FeatureCode(999, 2) / 2, changed->FeatureCode(999, 2) & 1,
               changed->ContributionCode(999, 2) + 2);
  EXPECT_NE(keys_of(reasons), keys_of(changed));
  Table words(reasons->rows());
  words.Add("why", std::make_shared<const Column>(reasons->Materialize(1)));
  EXPECT_NE(keys_of(reasons), ColumnContentKeys(words, 1)[0]);
}

TEST(ReasonCodesCodecTest, RefusesCorruptReasons) {
  const auto reasons = SampleReasons(2000, 9);
  std::string blob = EncodeColumn(Column::OfReasons(reasons));
  ExpectError(ErrorKind::kStore, "corrupt column data",
              [&] { DecodeColumn(blob.substr(0, blob.size() / 2)); });
  std::string flipped = blob;
  flipped[flipped.size() / 2] ^= 0x55;
  ExpectError(ErrorKind::kStore, "corrupt column data", [&] { DecodeColumn(flipped); });
  // A reason whose value the codes call known on a row where it is NULL.
  auto bad = SampleReasons(2000, 9);
  size_t null_row = 0;
  while (!bad->features()[1].column->IsNull(null_row)) ++null_row;
  size_t k = 0;  // the row's reason that names feature 1
  while (bad->FeatureCode(null_row, k) / 2 != 1) ++k;
  bad->Set(null_row, k, 1, /*missing=*/false, 0);
  ExpectError(ErrorKind::kStore, "NULL but not called missing",
              [&] { DecodeColumn(EncodeColumn(Column::OfReasons(bad))); });
  // A row that names a feature twice (the words' room is sized for once),
  // under either tag.
  auto twice = SampleReasons(2000, 9);
  twice->Set(17, 1, twice->FeatureCode(17, 0) / 2, twice->FeatureCode(17, 0) & 1, 3);
  ExpectError(ErrorKind::kStore, "names a feature twice",
              [&] { DecodeColumn(EncodeColumn(Column::OfReasons(twice))); });
  ExpectError(ErrorKind::kStore, "names a feature twice",
              [&] { DecodeColumn(Framed(ReasonsPayload(*twice, false), "ACC3")); });
}

}  // namespace
}  // namespace acctseg
