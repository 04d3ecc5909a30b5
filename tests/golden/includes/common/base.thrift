namespace rs base

exception BaseError {
  1: string message
}

service BaseService {
  void ping()
}
