namespace rs typedefs

/** A user id. */
typedef i64 UserId
typedef string Email
typedef binary Blob
typedef list<UserId> UserIds
typedef map<Email, UserId> Directory
typedef set<Email> Mailboxes
/** A typedef of a typedef. */
typedef UserIds Group
typedef Profile ProfileAlias

struct Profile {
  1: UserId id,
  2: Email email,
  3: optional Blob avatar,
  4: Group friends,
  5: Directory contacts,
  6: Mailboxes mailboxes
}

struct Holder {
  1: ProfileAlias profile,
  2: list<ProfileAlias> others
}

const UserId ROOT = 0
const Group ADMINS = [0, 1]
