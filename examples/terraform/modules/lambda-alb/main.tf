# An Application Load Balancer with one HTTPS listener that forwards everything to a Lambda function.

variable "name" {
  type = string
}

variable "internal" {
  type    = bool
  default = true
}

variable "subnets" {
  type = list(string)
}

variable "certificate_arn" {
  type = string
}

variable "function_name" {
  type = string
}

variable "function_arn" {
  type = string
}

resource "aws_lb" "this" {
  name               = var.name
  internal           = var.internal
  load_balancer_type = "application"
  subnets            = var.subnets
}

resource "aws_lb_target_group" "function" {
  name        = var.name
  target_type = "lambda"
}

resource "aws_lambda_permission" "alb" {
  statement_id  = "AllowLoadBalancer"
  action        = "lambda:InvokeFunction"
  function_name = var.function_name
  principal     = "elasticloadbalancing.amazonaws.com"
  source_arn    = aws_lb_target_group.function.arn
}

resource "aws_lb_target_group_attachment" "function" {
  target_group_arn = aws_lb_target_group.function.arn
  target_id        = var.function_arn
  depends_on       = [aws_lambda_permission.alb]
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.function.arn
  }
}

# Plain-HTTP clients get a hint instead of a redirect. No protocol: the provider makes it HTTP.
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Use https://"
      status_code  = "400"
    }
  }
}

output "dns_name" {
  value = aws_lb.this.dns_name
}
