# Orders service: an HTTP API for customers, a reports ALB for the back office and an internal
# admin ALB. Findings: the public status route has no authorizer, the API stage has no throttling,
# the orders function outlives the API's 30 s, 2,500 req/s on API Gateway costs more than an ALB,
# and the reports ALB is internet-facing with no authentication. The admin ALB is internal: clean.

locals {
  name = "orders-${var.environment}"
  tags = {
    service     = "orders"
    environment = var.environment
  }

  # Route key => whether the route is public (no authorizer).
  routes = {
    "GET /orders"             = false
    "POST /orders"            = false
    "GET /orders/{id}/status" = true
  }
}

resource "aws_lambda_function" "orders" {
  function_name = local.name
  role          = "arn:aws:iam::123456789012:role/${local.name}"
  runtime       = "python3.12"
  handler       = "orders.handler"
  filename      = "build/orders.zip"
  timeout       = 60
  tags          = local.tags
}

resource "aws_lambda_function" "reports" {
  function_name = "${local.name}-reports"
  role          = "arn:aws:iam::123456789012:role/${local.name}-reports"
  runtime       = "python3.12"
  handler       = "reports.handler"
  filename      = "build/reports.zip"
  timeout       = 15
  tags          = local.tags
}

resource "aws_apigatewayv2_api" "orders" {
  name          = local.name
  protocol_type = "HTTP"
  tags = merge(local.tags, {
    "iac-lint:requests-per-second" = var.expected_requests_per_second
    "iac-lint:average-payload-kb"  = 2
  })
}

resource "aws_apigatewayv2_authorizer" "customers" {
  api_id           = aws_apigatewayv2_api.orders.id
  name             = "customers"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    audience = ["orders"]
    issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example"
  }
}

resource "aws_apigatewayv2_integration" "orders" {
  api_id                 = aws_apigatewayv2_api.orders.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.orders.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "orders" {
  for_each = local.routes

  api_id             = aws_apigatewayv2_api.orders.id
  route_key          = each.key
  authorization_type = each.value ? "NONE" : "JWT"
  authorizer_id      = each.value ? null : aws_apigatewayv2_authorizer.customers.id
  target             = "integrations/${aws_apigatewayv2_integration.orders.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.orders.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowOrdersApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.orders.execution_arn}/*/*"
}

module "reports_alb" {
  source = "./modules/lambda-alb"

  name            = "${local.name}-reports"
  internal        = false
  subnets         = var.public_subnets
  certificate_arn = var.certificate_arn
  function_name   = aws_lambda_function.reports.function_name
  function_arn    = aws_lambda_function.reports.arn
}

module "admin_alb" {
  source = "./modules/lambda-alb"

  name            = "${local.name}-admin"
  internal        = true
  subnets         = var.private_subnets
  certificate_arn = var.certificate_arn
  function_name   = aws_lambda_function.orders.function_name
  function_arn    = aws_lambda_function.orders.arn
}
