namespace rs enums

/**
 * The days of the week.
 * Starts on Monday, like ISO 8601.
 */
enum Weekday {
  /** The first day. */
  MONDAY = 1,
  TUESDAY,
  WEDNESDAY,
  /// Named after Thor.
  THURSDAY = 10,
  FRIDAY,
  SATURDAY = 20;
  SUNDAY
}

enum Sign {
  NEGATIVE = -1,
  ZERO = 0,
  POSITIVE = 1
}

/** Implicit numbering from zero. */
enum Implicit {
  first,
  secondValue,
  ThirdValue,
  HTTP_STATUS
}

enum Sparse {
  LOW = 0x0,
  HIGH = 0x7FFFFFFF
}

struct Schedule {
  1: Weekday day = Weekday.FRIDAY,
  2: optional Sign sign,
  3: list<Weekday> off_days = [Weekday.SATURDAY, Weekday.SUNDAY],
  4: map<Weekday, string> notes
}
