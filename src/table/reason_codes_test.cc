#include "table/reason_codes.h"

#include <gtest/gtest.h>

#include "util/expect_error.h"
#include "util/sample_reasons.h"

namespace acctseg {
namespace {

TEST(ReasonCodesTest, WordsAreTheReasonTextsOfTheCodes) {
  auto industry = std::make_shared<Column>(Column::Make(DataType::String(), 2, true));
  auto dictionary = std::make_shared<Dictionary>();
  industry->codes.Set(0, dictionary->Intern("Software"));
  industry->nulls.Set(1, true);
  industry->dictionary = dictionary;
  auto employees = std::make_shared<Column>(Column::Make(DataType::Decimal(1), 2, false));
  employees->ints.Set(0, 250005);
  employees->ints.Set(1, -15);
  auto shared = std::make_shared<ReasonCodes>(
      std::vector<ReasonCodes::Feature>{{"industry", industry, true},
                                        {"employees", employees, false}},
      2, 2);
  ReasonCodes& reasons = *shared;
  uint32_t plus = 0, minus_zero = 0;
  ASSERT_TRUE(EncodeContribution(0.125f, plus));
  ASSERT_TRUE(EncodeContribution(-0.004f, minus_zero));
  reasons.Set(0, 0, 1, false, plus);
  reasons.Set(0, 1, 0, false, minus_zero);
  reasons.Set(1, 0, 0, true, minus_zero);
  reasons.Set(1, 1, 1, false, plus);
  std::string text;
  reasons.AppendText(0, text);
  EXPECT_EQ(text, "employees = 25000.5: +0.12; industry = Software: -0.00");
  text.clear();
  reasons.AppendText(1, text);
  EXPECT_EQ(text, "industry = (missing): -0.00; employees = -1.5: +0.12");
  EXPECT_EQ(reasons.rows(), 2u);
  EXPECT_EQ(Column::OfReasons(shared).size(), 2u);
}

// An integer feature's values are written as numbers are, without a
// double below a million; a NULL one is "(missing)" by its code.
TEST(ReasonCodesTest, IntegerValuesAreWrittenAsNumbers) {
  auto visits = std::make_shared<Column>(Column::Make(DataType::Int64(), 3, true));
  visits->ints.Set(0, 25000);
  visits->ints.Set(1, -1234567);
  visits->nulls.Set(2, true);
  ReasonCodes reasons({{"visits", visits, false}}, 1, 3);
  uint32_t plus = 0;
  ASSERT_TRUE(EncodeContribution(0.5f, plus));
  reasons.Set(0, 0, 0, false, plus);
  reasons.Set(1, 0, 0, false, plus);
  reasons.Set(2, 0, 0, true, plus);
  std::string text;
  for (size_t row = 0; row < 3; ++row) {
    reasons.AppendText(row, text);
    text += '|';
  }
  EXPECT_EQ(text, "visits = 25000: +0.50|visits = -1.23457e+06: +0.50|visits = (missing): +0.50|");
  // A NULL whose code does not say missing (no scorer makes one) is
  // written as NumberAt's NaN, as before integers had their own path.
  reasons.Set(2, 0, 0, false, plus);
  text.clear();
  reasons.AppendText(2, text);
  EXPECT_EQ(text, "visits = nan: +0.50");
  // Values gathered apart (as the run store keeps them) are read at their
  // value rows.
  ReasonCodes gathered({{"visits", visits, false}}, 1, 2);
  gathered.GatherValues();
  gathered.Set(0, 0, 0, false, plus);
  gathered.SetValueRow(0, 0, 1);
  gathered.Set(1, 0, 0, false, plus);
  gathered.SetValueRow(1, 0, 0);
  text.clear();
  gathered.AppendText(0, text);
  gathered.AppendText(1, text);
  EXPECT_EQ(text, "visits = -1.23457e+06: +0.50visits = 25000: +0.50");
}

// Dates and timestamps are written as dates, not as the days since 1970
// the model reads them as.
TEST(ReasonCodesTest, DatesAreWrittenAsDates) {
  auto engaged = std::make_shared<Column>(Column::Make(DataType::Date(), 1, false));
  engaged->ints.Set(0, 17094);
  auto seen = std::make_shared<Column>(Column::Make(DataType::Timestamp(), 1, false));
  seen->ints.Set(0, int64_t{17094} * 86'400'000'000 + 3'600'000'000);
  ReasonCodes reasons({{"engage_date", engaged, false}, {"seen", seen, false}}, 2, 1);
  uint32_t plus = 0;
  ASSERT_TRUE(EncodeContribution(1.46f, plus));
  reasons.Set(0, 0, 0, false, plus);
  reasons.Set(0, 1, 1, false, plus);
  std::string text;
  reasons.AppendText(0, text);
  EXPECT_EQ(text, "engage_date = 2016-10-20: +1.46; seen = 2016-10-20T01:00:00Z: +1.46");
}

// An empty text value is written as "", not as nothing after the "=".
TEST(ReasonCodesTest, AnEmptyTextIsWrittenAsQuotes) {
  auto region = std::make_shared<Column>(Column::Make(DataType::String(), 1, false));
  auto dictionary = std::make_shared<Dictionary>();
  region->codes.Set(0, dictionary->Intern(""));
  region->dictionary = dictionary;
  ReasonCodes reasons({{"region", region, true}}, 1, 1);
  uint32_t plus = 0;
  ASSERT_TRUE(EncodeContribution(0.54f, plus));
  reasons.Set(0, 0, 0, false, plus);
  std::string text;
  reasons.AppendText(0, text);
  EXPECT_EQ(text, "region = \"\": +0.54");
}

TEST(ReasonCodesTest, MaterializedColumnHoldsEveryRowsWordsInRowOrder) {
  const auto reasons = testing::SampleReasons(40'000);
  for (int threads : {1, 3}) {
    const Column column = reasons->Materialize(threads);
    ASSERT_EQ(column.size(), reasons->rows());
    ASSERT_FALSE(column.HasNulls());
    uint32_t next_new_code = 0;
    std::string text;
    for (size_t row = 0; row < reasons->rows(); ++row) {
      text.clear();
      reasons->AppendText(row, text);
      ASSERT_EQ(column.StringAt(row), text) << "row " << row;
      ASSERT_LE(text.size(), reasons->MaxTextBytes());
      // Codes as interning row after row gives them: a new text the next code.
      ASSERT_LE(column.codes[row], next_new_code);
      if (column.codes[row] == next_new_code) ++next_new_code;
    }
    EXPECT_EQ(next_new_code, column.dictionary->size());
  }
}

TEST(ReasonCodesTest, RefusesMoreReasonsThanFeatures) {
  auto numbers = std::make_shared<Column>(Column::Make(DataType::Int64(), 1, false));
  testing::ExpectError(ErrorKind::kInternal, "reasons", [&] {
    ReasonCodes({{"a", numbers, false}}, 2, 1);
  });
  testing::ExpectError(ErrorKind::kInternal, "reasons", [&] {
    ReasonCodes({{"a", numbers, false}}, 0, 1);
  });
}

}  // namespace
}  // namespace acctseg
