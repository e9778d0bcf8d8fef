environment                  = "prod"
public_subnets               = ["subnet-0a1b2c3d", "subnet-0e4f5a6b"]
private_subnets              = ["subnet-1a2b3c4d", "subnet-1e4f5a6b"]
certificate_arn              = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
expected_requests_per_second = 2500
