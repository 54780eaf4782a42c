import torch
from pytorch_dataset import ${className}
loader = torch.utils.data.DataLoader(${className}(), batch_size=64, shuffle=True)
