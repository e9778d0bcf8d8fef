variable "environment" {
  description = "Deployment environment; prod declares production traffic on the API."
  type        = string
  default     = "dev"
}

variable "public_subnets" {
  type = list(string)
}

variable "private_subnets" {
  type = list(string)
}

variable "certificate_arn" {
  type = string
}

variable "expected_requests_per_second" {
  description = "Forecast for the orders API, read by iac-lint's cost estimate."
  type        = number
  default     = 5
}
